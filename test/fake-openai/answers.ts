// The fake's canned answers: deterministic texts derived from the request so tests can predict them, plus the
// markdown / XSS / refusal scenario texts and the helpers that cut answers into stream chunks.

/** Small stable hash, so "random" choices are the same for the same input. */
export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A short word of the user's message (the longest of the first few), to flavour generated values. */
export function hintWord(text: string): string {
  const words = text.match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  const pick = words.slice(0, 8).sort((a, b) => b.length - a.length)[0];
  return pick ? pick.slice(0, 16) : 'fake';
}

function snippet(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The normal text answer: it names the question, so tests can tell answers to different prompts apart. */
export function textAnswer(userText: string, lastRole: string): string {
  if (lastRole === 'tool') return `The tool returned: ${snippet(userText, 120)}. That is the fake answer.`;
  if (!userText.trim()) return 'Hello! This is the fake OpenAI server. Ask me anything.';
  // A question with workspace context (the chat's @workspace) is answered like a model that read it: the
  // question, and a citation of the first place the context names.
  const cited = /<<<BEGIN WORKSPACE CONTEXT[^\n>]*>>>\s(\S+:\d+)/.exec(userText);
  if (cited) {
    const question = snippet(userText.split('<<<BEGIN')[0] ?? '', 120);
    return `This is a fake answer to: "${question}". The code is at ${cited[1]} in the workspace.`;
  }
  return `This is a fake answer to: "${snippet(userText, 120)}". It is deterministic, so tests can rely on it.`;
}

export function jsonObjectAnswer(userText: string): string {
  return JSON.stringify({ answer: textAnswer(userText, 'user'), topic: hintWord(userText), fake: true });
}

/** Text mode never needs this; in JSON mode it is the `invalid_json` fault: JSON that stops halfway. */
export function invalidJsonAnswer(userText: string): string {
  return `{"answer": "${hintWord(userText)} and then the JSON just stops`;
}

export const REFUSAL = "I'm sorry, but I can't help with that request.";

export const MARKDOWN_ANSWER = [
  '# Fake markdown answer',
  '',
  'Some **bold**, some _italic_, some `inline code` and a [link](https://example.com).',
  '',
  '## A list',
  '',
  '- first item',
  '- second item with `code`',
  '  1. nested one',
  '  2. nested two',
  '',
  '## A table',
  '',
  '| language | typed | year |',
  '|---|:---:|---:|',
  '| TypeScript | yes | 2012 |',
  '| Python | gradual | 1991 |',
  '',
  '```typescript',
  'export function greet(name: string): string {',
  '  return `Hello, ${name}!`;',
  '}',
  '```',
  '',
  '```python',
  'def greet(name: str) -> str:',
  '    return f"Hello, {name}!"',
  '```',
  '',
  '```bash',
  'npm run fake-openai',
  '```',
  '',
  '> A quote to finish.',
].join('\n');

export const XSS_ANSWER = [
  'Here are some things a renderer must neutralise:',
  '',
  '<script>window.__xss = "script"</script>',
  '',
  '<img src="x" onerror="window.__xss = \'img\'">',
  '',
  "[click me](javascript:window.__xss='link')",
  '',
  '<svg onload="window.__xss = \'svg\'"><circle r="1"/></svg>',
  '',
  '<iframe src="javascript:window.__xss=\'iframe\'"></iframe>',
  '',
  '<a href="javascript:alert(1)">plain html link</a>',
  '',
  '![image](javascript:alert(2))',
  '',
  '<div style="background:url(javascript:alert(3))" onclick="alert(4)">styled div</div>',
  '',
  '```html',
  '<script>alert("inside a code block is fine")</script>',
  '```',
].join('\n');

/** Cuts text into pieces of 3–6 characters (deterministic per text), never splitting a surrogate pair. */
export function splitSmall(text: string): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  const h = hash(text);
  for (let i = 0, n = 0; i < chars.length; n++) {
    const size = 3 + ((h + n * 7 + (n >> 2)) % 4);
    out.push(chars.slice(i, i + size).join(''));
    i += size;
  }
  return out;
}

/** Cuts text into exactly n non-empty pieces, repeating the text first when it is too short. */
export function splitExactly(text: string, n: number): string[] {
  const base = Array.from(text.length > 0 ? text : 'fake ');
  let chars = base;
  while (chars.length < n) chars = chars.concat([' '], base);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * chars.length) / n);
    const to = Math.floor(((i + 1) * chars.length) / n);
    out.push(chars.slice(from, to).join(''));
  }
  return out;
}

// The offline demo (`npm start -- --offline`): answers that look like the product's real answers, derived from the
// request, instead of the test placeholders. Tests never turn it on; the fake's deterministic answers stay as they
// are. Chat gets markdown with a heading, a list and a code block from the user's words; Explain, Refactor, Fix
// and Extract get schema-shaped answers built from facts about the delimited code.
import { fakeFromSchema } from '../schemaFaker';
import {
  functionFacts,
  magicNumbers,
  parseTaskPrompt,
  words,
  type FunctionFacts,
  type TaskPrompt,
} from './codeFacts';
import { demoExtract } from './demoExtract';
import { demoRefactor } from './demoRefactor';

export const DEMO_NOTICE =
  '_Offline demo: this answer comes from the bundled fake OpenAI server, not a model._';

/** The demo's content for a request, or undefined to let the fake answer as usual. */
export function demoContent(
  schemaName: string | undefined,
  schema: unknown,
  lastText: string,
  lastRole: string,
): string | undefined {
  const task = parseTaskPrompt(lastText);
  if (schemaName === 'explanation' && task) return JSON.stringify(demoExplain(task));
  if ((schemaName === 'refactoring' || schemaName === 'fix') && task) {
    return JSON.stringify(demoRefactor(task.code, task.language));
  }
  if (schemaName !== undefined && task) return JSON.stringify(demoExtract(schemaName, schema, task));
  if (schemaName !== undefined) return JSON.stringify(fakeFromSchema(schema, words(lastText)[0] ?? 'demo'));
  if (lastRole === 'tool')
    return `${DEMO_NOTICE}\n\nThe tool answered; here is what it returned:\n\n> ${lastText.slice(0, 400)}`;
  return demoChat(lastText);
}

function describeParams(facts: FunctionFacts): string {
  if (facts.params.length === 0) return 'takes no arguments';
  const list = facts.params.map((p) => (p.type ? `\`${p.name}\` (${p.type})` : `\`${p.name}\``));
  const joined = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)!}` : list[0]!;
  return `takes ${joined}`;
}

function describeReturn(facts: FunctionFacts): string {
  if (facts.returns)
    return `returns \`${facts.returns.slice(0, 80)}\`${facts.returnType ? ` (a ${facts.returnType})` : ''}`;
  if (facts.returnType && !/^(void|None|\(\))$/.test(facts.returnType))
    return `returns a ${facts.returnType}`;
  return 'returns nothing';
}

function steps(task: TaskPrompt, facts: FunctionFacts | undefined): string[] {
  const out: string[] = [];
  for (const raw of task.code.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(?:if|elif|else if)\s*\(?(.+?)\)?\s*[{:]?$/.exec(line)))
      out.push(`Checks \`${m[1]!.slice(0, 60)}\`.`);
    else if ((m = /^for\s*\(?(.+?)\)?\s*[{:]?$/.exec(line)))
      out.push(`Loops over \`${m[1]!.slice(0, 60)}\`.`);
    else if ((m = /^while\s*\(?(.+?)\)?\s*[{:]?$/.exec(line)))
      out.push(`Repeats while \`${m[1]!.slice(0, 60)}\`.`);
    else if (/^(try|try:)\s*\{?$/.test(line))
      out.push('Runs the next block inside a try, so failures are caught.');
    else if ((m = /^(?:throw|raise)\s+(.+?);?$/.exec(line)))
      out.push(`Fails with \`${m[1]!.slice(0, 60)}\` when that case is hit.`);
    else if ((m = /^return\s+(.+?);?$/.exec(line))) out.push(`Returns \`${m[1]!.slice(0, 60)}\`.`);
    if (out.length === 6) break;
  }
  if (facts && facts.calls.length) {
    // Calls happen on the way to the result: before the first Returns step.
    const at = out.findIndex((step) => step.startsWith('Returns'));
    const calls = `Calls ${facts.calls.map((c) => `\`${c}()\``).join(', ')}.`;
    out.splice(at < 0 ? out.length : at, 0, calls);
  }
  if (out.length === 0) out.push(`Runs its ${task.code.split('\n').length} lines top to bottom.`);
  return out;
}

const CONCEPTS: Array<[RegExp, string, string]> = [
  [
    /\basync\b|\bawait\b/,
    'async / await',
    'Waits for a promise without blocking the event loop; errors surface as exceptions.',
  ],
  [/\?\./, 'Optional chaining (?.)', 'Stops at null or undefined instead of throwing.'],
  [/\?\?/, 'Nullish coalescing (??)', 'Falls back only on null or undefined, not on 0 or "".'],
  [/=>/, 'Arrow functions', 'Short function expressions that keep the surrounding `this`.'],
  [/`[^`]*\$\{/, 'Template literals', 'Strings with `${…}` placeholders filled in at run time.'],
  [/\bdefer\b/, 'defer', 'Runs the call when the function returns, whichever way it returns.'],
  [/\bwith\s+\w+/, 'Context managers (with)', 'Acquires a resource and releases it when the block ends.'],
  [/\[[^\]]+\bfor\b[^\]]+\bin\b/, 'List comprehensions', 'Builds a list from a loop in one expression.'],
  [/<\w+(?:,\s*\w+)*>\s*\(/, 'Generics', 'Type parameters that keep the types of the values passed through.'],
];

export function demoExplain(task: TaskPrompt): {
  summary: string;
  steps: string[];
  concepts: { name: string; explanation: string }[];
  risks: string[];
} {
  const facts = functionFacts(task.code, task.language);
  const where = `${task.file}:${task.startLine + (facts?.line ?? 1) - 1}`;
  const summary = facts
    ? facts.kind === 'class'
      ? `\`${facts.name}\` (${where}) is a class; the code defines its members and how they work together.`
      : `\`${facts.name}\` (${where}) ${describeParams(facts)} and ${describeReturn(facts)}.`
    : `This ${task.language} code at ${where} runs ${task.code.split('\n').length} lines; no function is defined in it.`;
  const concepts = CONCEPTS.filter(([re]) => re.test(task.code)).map(([, name, explanation]) => ({
    name,
    explanation,
  }));
  const risks: string[] = [];
  for (const p of facts?.params ?? []) {
    if (
      !new RegExp(
        `\\b${p.name}\\b\\s*(?:===?|!==?|==)\\s*(?:null|undefined|None|nil)|if\\s*\\(?!?\\s*${p.name}\\b`,
      ).test(task.code)
    )
      risks.push(`\`${p.name}\` is used without a check for a missing or empty value.`);
    if (risks.length === 2) break;
  }
  const magic = magicNumbers(task.code)[0];
  if (magic)
    risks.push(`The literal ${magic.value} is unexplained; a named constant would say what it means.`);
  if (/\bcatch\s*(?:\(\w*\))?\s*\{\s*\}|except[^:]*:\s*pass/.test(task.code))
    risks.push('An exception is caught and silently dropped.');
  if (/(?<![=!])==(?!=)/.test(task.code) && /javascript|typescript/.test(task.language))
    risks.push('Loose equality (`==`) coerces types.');
  return { summary, steps: steps(task, facts), concepts, risks };
}

const STOP = new Set(
  'the a an and or to of in on for is are be it this that with how what why do does can i you me my we our'.split(
    ' ',
  ),
);

function topic(text: string): string[] {
  return words(text.toLowerCase())
    .filter((w) => w.length > 2 && !STOP.has(w))
    .slice(0, 6);
}

export function demoChat(userText: string): string {
  const keys = topic(userText);
  const title = keys.length
    ? keys
        .slice(0, 3)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join(' ')
    : 'Getting started';
  const subject = keys[0] ?? 'example';
  const fn = subject.replace(/[^a-z0-9]+/gi, '_').replace(/^(\d)/, '_$1');
  return [
    `## ${title}`,
    '',
    DEMO_NOTICE,
    '',
    `You asked: “${userText.trim().slice(0, 160)}”. A real model would answer that here; the demo shows how an answer looks:`,
    '',
    ...keys
      .slice(0, 3)
      .map((w, i) => `${i + 1}. **${w}**: where it appears in your code and what depends on it.`),
    ...(keys.length ? [] : ['1. **Ask** about a file, a function or an error message.']),
    '- Select code and press `Ctrl+Alt+G E` to explain it, `Ctrl+Alt+G R` to refactor it.',
    '- Paths such as `src/main.ts:1` become links that open the file.',
    '',
    '```typescript',
    `export function ${fn}(input: string): string {`,
    `  // ${subject}: the part of your question this sketch is about`,
    '  return input.trim();',
    '}',
    '```',
  ].join('\n');
}

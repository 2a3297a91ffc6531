// What the offline demo reads out of a request: the task prompt's header and delimited code, and plain facts about
// that code (its main function, parameters, what it returns, calls, line-level findings). Regular expressions, not
// a parser: the demo only has to be right about ordinary code, and every answer it builds from these facts is
// checked by the unit tests (a refactor must still parse).

export interface TaskPrompt {
  file: string;
  language: string;
  startLine: number;
  code: string;
  instruction?: string;
}

/** The layout `formatTaskInput` writes: header lines, then the code between `<<<BEGIN CODE>>>` markers. */
export function parseTaskPrompt(text: string): TaskPrompt | undefined {
  const code = /<<<BEGIN CODE(?: \d+)?>>>\n([\s\S]*?)\n<<<END CODE(?: \d+)?>>>/.exec(text)?.[1];
  if (code === undefined) return undefined;
  const header = (name: string): string | undefined =>
    new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1]?.trim();
  return {
    file: header('File') ?? 'untitled',
    language: header('Language') ?? 'plaintext',
    startLine: Number(header('Code starts at line') ?? 1) || 1,
    code,
    ...(header('Instruction') ? { instruction: header('Instruction') } : {}),
  };
}

export interface Param {
  name: string;
  type?: string;
}

export interface FunctionFacts {
  name: string;
  kind: 'function' | 'method' | 'class';
  params: Param[];
  returnType?: string;
  /** The expression of the first `return`, when there is one. */
  returns?: string;
  /** Other functions it calls, in order of first use. */
  calls: string[];
  /** Line of the signature, counted from 1 inside the code. */
  line: number;
  signature: string;
}

const KEYWORDS = new Set(
  'if for while switch catch return function typeof await new super this else elif def func print len range fmt'.split(
    ' ',
  ),
);

const SIGNATURES: Array<{ re: RegExp; kind: FunctionFacts['kind']; ret?: number }> = [
  {
    re: /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*(\w+)\s*(?:<[^>]*>)?\s*\(([^)]*)\)\s*(?::\s*([^{]+?))?\s*\{?$/,
    kind: 'function',
    ret: 3,
  },
  {
    re: /^\s*(?:export\s+)?(?:const|let|var)\s+(\w+)\s*(?::[^=]+)?=\s*(?:async\s*)?\(([^)]*)\)\s*(?::\s*([^=]+?))?\s*=>/,
    kind: 'function',
    ret: 3,
  },
  { re: /^\s*(?:async\s+)?def\s+(\w+)\s*\(([^)]*)\)\s*(?:->\s*([^:]+?))?\s*:/, kind: 'function', ret: 3 },
  { re: /^\s*func\s+(?:\([^)]*\)\s*)?(\w+)\s*\(([^)]*)\)\s*([^{]*?)\s*\{/, kind: 'function', ret: 3 },
  { re: /^\s*(?:export\s+)?(?:abstract\s+)?class\s+(\w+)/, kind: 'class' },
  {
    re: /^\s*(?:public\s+|private\s+|protected\s+|static\s+|async\s+|readonly\s+)*(\w+)\s*\(([^)]*)\)\s*(?::\s*([^{]+?))?\s*\{$/,
    kind: 'method',
    ret: 3,
  },
];

function splitParams(raw: string, language: string): Param[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if ('<([{'.includes(ch)) depth++;
    if ('>)]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts
    .map((p) => p.trim().replace(/=.*$/, '').trim())
    .filter((p) => p && p !== 'self' && p !== 'this')
    .map((p) => {
      if (language === 'go') {
        const [name, ...type] = p.split(/\s+/);
        return { name: name!, ...(type.length ? { type: type.join(' ') } : {}) };
      }
      const m = /^(?:readonly\s+|public\s+|private\s+)?\.{0,3}([\w$]+)\??\s*(?::\s*(.+))?$/.exec(p);
      if (m) return { name: m[1]!, ...(m[2] ? { type: m[2].trim() } : {}) };
      const typed = /^(.+?)\s+([\w$]+)$/.exec(p); // Java / C#: `int count`
      return typed ? { name: typed[2]!, type: typed[1]! } : { name: p };
    });
}

/** The first function, method or class the code defines, with what it takes and returns. */
export function functionFacts(code: string, language: string): FunctionFacts | undefined {
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    for (const sig of SIGNATURES) {
      const m = sig.re.exec(text);
      if (!m || KEYWORDS.has(m[1]!)) continue;
      const body = lines.slice(i + 1).join('\n');
      const returns = /\breturn\s+([^;\n]+)/.exec(body)?.[1]?.trim();
      const returnType = sig.ret ? m[sig.ret]?.trim().replace(/[{:]$/, '').trim() : undefined;
      return {
        name: m[1]!,
        kind: sig.kind,
        params: sig.kind === 'class' ? [] : splitParams(m[2] ?? '', language),
        ...(returnType ? { returnType } : {}),
        ...(returns ? { returns } : {}),
        calls: calledNames(body, m[1]!),
        line: i + 1,
        signature: text.trim().replace(/\s*\{$/, ''),
      };
    }
  }
  return undefined;
}

function calledNames(body: string, self: string): string[] {
  const names: string[] = [];
  for (const m of body.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*\(/g)) {
    const name = m[1]!;
    if (KEYWORDS.has(name) || name === self || names.includes(name)) continue;
    names.push(name);
    if (names.length === 4) break;
  }
  return names;
}

export interface NumberLiteral {
  value: string;
  /** The identifier nearest on its left in the same expression, if any (`retries < 3` → retries). */
  near?: string;
  operator?: string;
}

/** Numbers other than 0, 1 and 2 outside strings, comments and constant declarations: the "magic" ones. */
export function magicNumbers(code: string): NumberLiteral[] {
  const found: NumberLiteral[] = [];
  for (const raw of code.split('\n')) {
    const line = stripStringsAndComments(raw);
    if (/^\s*(?:export\s+)?const\s+[A-Z_][A-Z0-9_]*\s*=/.test(line)) continue;
    for (const m of line.matchAll(
      /([\w$.]+)?\s*([<>]=?|===?|!==?|[*/+%-]|=)?\s*(?<![\w.[])(\d+(?:\.\d+)?)(?![\w.\]])/g,
    )) {
      const value = m[3]!;
      if (['0', '1', '2'].includes(value) || found.some((f) => f.value === value)) continue;
      // `Math.min(value, 42)` caps value at 42: the bound of that argument.
      const bound = new RegExp(`\\b(min|max)\\(\\s*([\\w$.]+)\\s*,\\s*${value.replace('.', '\\.')}\\b`).exec(
        line,
      );
      if (bound) {
        found.push({
          value,
          near: bound[2]!.split('.').pop()!,
          operator: bound[1] === 'min' ? 'max-bound' : 'min-bound',
        });
        continue;
      }
      const near = m[1] && !/^\d/.test(m[1]) ? m[1].split('.').pop() : undefined;
      found.push({ value, ...(near ? { near } : {}), ...(m[2] ? { operator: m[2] } : {}) });
    }
  }
  return found;
}

/** Blanks out string literals and comments so patterns only see code (same length, so columns still match). */
export function stripStringsAndComments(line: string): string {
  return line
    .replace(/(["'`])(?:\\.|(?!\1).)*\1/g, (s) => ' '.repeat(s.length))
    .replace(/(\/\/|#).*$/, (s) => ' '.repeat(s.length));
}

export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
}

// The offline demo's refactor: real, behaviour-preserving changes to the user's code (a named constant for a magic
// number, `const`/`let` for `var`, strict equality, `is None`), so what the diff shows is a change a reviewer would
// make. The unit tests parse every result with tree-sitter: the code must stay valid.
import { functionFacts, magicNumbers, stripStringsAndComments, type NumberLiteral } from './codeFacts';

export interface DemoRefactor {
  code: string;
  explanation: string;
  changes: string[];
}

const WELL_KNOWN: Record<string, string> = {
  '1000': 'MS_PER_SECOND',
  '60': 'SECONDS_PER_MINUTE',
  '3600': 'SECONDS_PER_HOUR',
  '86400': 'SECONDS_PER_DAY',
  '1024': 'BYTES_PER_KIB',
  '100': 'PERCENT',
};

function screaming(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

function constantName(n: NumberLiteral): string {
  if (WELL_KNOWN[n.value] && (n.operator === '*' || n.operator === '/' || !n.near))
    return WELL_KNOWN[n.value]!;
  const base = n.near ? screaming(n.near) : 'DEFAULT_VALUE';
  if (n.operator === 'max-bound') return `MAX_${base}`;
  if (n.operator === 'min-bound') return `MIN_${base}`;
  if (n.operator && /[<>]/.test(n.operator)) return base.startsWith('MAX_') ? base : `MAX_${base}`;
  if (n.operator === '*' || n.operator === '/') return `${base}_FACTOR`;
  if (n.operator === '=' && n.near) return `DEFAULT_${base}`;
  return n.near ? `${base}_LIMIT` : 'DEFAULT_VALUE';
}

const isPython = (language: string): boolean => language === 'python';
const cLike = (language: string): boolean =>
  ['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'java', 'csharp', 'go'].includes(
    language,
  );

/** Replaces `pattern` in the code parts of each line (strings and comments untouched). */
function replaceInCode(code: string, pattern: RegExp, replacement: string): { code: string; count: number } {
  let count = 0;
  const out = code.split('\n').map((line) => {
    const mask = stripStringsAndComments(line);
    let result = '';
    let last = 0;
    for (const m of mask.matchAll(pattern)) {
      result += line.slice(last, m.index) + m[0].replace(pattern, replacement);
      last = m.index! + m[0].length;
      count++;
    }
    return result + line.slice(last);
  });
  return { code: out.join('\n'), count };
}

function nameMagicNumber(code: string, language: string): { code: string; change: string } | undefined {
  const number = magicNumbers(code)[0];
  if (!number || !(cLike(language) || isPython(language))) return undefined;
  const name = constantName(number);
  if (new RegExp(`\\b${name}\\b`).test(code)) return undefined;
  const literal = new RegExp(`(?<![\\w.])${number.value.replace('.', '\\.')}(?![\\w.])`, 'g');
  const replaced = replaceInCode(code, literal, name).code;
  const lines = replaced.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const indent = /^[ \t]*/.exec(lines[first] ?? '')![0];
  const topLevel = /^\s*(?:export\s+)?(?:async\s+)?(?:function|const|let|class|def|func)\b/.test(
    lines[first] ?? '',
  );
  const javaType = number.value.includes('.') ? 'double' : 'int';
  const declaration = isPython(language)
    ? `${name} = ${number.value}`
    : language === 'go'
      ? `const ${name} = ${number.value}`
      : language === 'java'
        ? `final ${javaType} ${name} = ${number.value};`
        : language === 'csharp'
          ? `const ${javaType} ${name} = ${number.value};`
          : `const ${name} = ${number.value};`;
  if (topLevel && language !== 'java' && language !== 'csharp') {
    lines.splice(first, 0, `${indent}${declaration}`, '');
  } else {
    // A method (or Java/C#): the constant goes first in the body, where a declaration is allowed.
    const open = lines.findIndex((l) => (isPython(language) ? /:\s*$/.test(l) : /\{\s*$/.test(l)));
    if (open < 0) return undefined;
    const bodyIndent = /^[ \t]*/.exec(lines[open + 1] ?? '')![0] || `${indent}  `;
    lines.splice(open + 1, 0, `${bodyIndent}${declaration}`);
  }
  return {
    code: lines.join('\n'),
    change: `Named the magic number ${number.value} \`${name}\`, so the intent is stated once.`,
  };
}

function varToLetConst(code: string): { code: string; change: string } | undefined {
  let changed = 0;
  const out = code.replace(/\bvar\s+([A-Za-z_$][\w$]*)/g, (_m, name: string) => {
    changed++;
    const assignments =
      code.match(new RegExp(`(?<![\\w$.])${name}\\s*(?:[-+*/%]?=(?!=)|\\+\\+|--)`, 'g')) ?? [];
    return `${assignments.length > 1 ? 'let' : 'const'} ${name}`;
  });
  return changed ? { code: out, change: 'Replaced `var` with block-scoped `const`/`let`.' } : undefined;
}

function strictEquality(code: string): { code: string; change: string } | undefined {
  const eq = replaceInCode(code, /(?<![=!<>])(==|!=)(?!=)(?!\s*null\b)/g, '$1=');
  return eq.count
    ? { code: eq.code, change: 'Used strict equality (`===`, `!==`) so no type coercion happens.' }
    : undefined;
}

function isNone(code: string): { code: string; change: string } | undefined {
  const r = replaceInCode(replaceInCode(code, /==\s*None\b/g, 'is None').code, /!=\s*None\b/g, 'is not None');
  return r.code !== code
    ? { code: r.code, change: 'Compared with `None` by identity (`is None`).' }
    : undefined;
}

/** Applies every change that fits the language; the explanation names the function and what changed. */
export function demoRefactor(code: string, language: string): DemoRefactor {
  const steps: Array<(c: string) => { code: string; change: string } | undefined> = [
    (c) => nameMagicNumber(c, language),
  ];
  if (['javascript', 'javascriptreact', 'typescript', 'typescriptreact'].includes(language))
    steps.push(varToLetConst, strictEquality);
  if (isPython(language)) steps.push(isNone);
  let current = code;
  const changes: string[] = [];
  for (const step of steps) {
    const result = step(current);
    if (!result) continue;
    current = result.code;
    changes.push(result.change);
  }
  const facts = functionFacts(code, language);
  const subject = facts ? `\`${facts.name}\`` : 'this code';
  if (changes.length === 0) {
    return {
      code,
      explanation: `${subject} is already clear: no magic numbers, loose comparisons or function-scoped variables to fix, so the offline demo proposes no change.`,
      changes: [],
    };
  }
  return {
    code: current,
    explanation: `${subject} behaves exactly as before; the changes make its intent explicit and remove a class of subtle bugs.`,
    changes,
  };
}

// The offline demo's Extract: the built-in presets filled from the code itself (functions, TODOs, endpoints, config
// keys, SQL, dependencies, each with its file line), any other schema filled by the fake's schema faker.
import { fakeFromSchema } from '../schemaFaker';
import { functionFacts, words, type TaskPrompt } from './codeFacts';

type Item = Record<string, unknown>;

function eachLine(
  task: TaskPrompt,
  visit: (line: string, fileLine: number) => Item[] | Item | undefined,
): Item[] {
  const out: Item[] = [];
  task.code.split('\n').forEach((line, i) => {
    const found = visit(line, task.startLine + i);
    if (Array.isArray(found)) out.push(...found);
    else if (found) out.push(found);
  });
  return out;
}

function functions(task: TaskPrompt): Item[] {
  return eachLine(task, (line, fileLine) => {
    const facts = functionFacts(line.endsWith('{') || line.endsWith(':') ? line : `${line} {`, task.language);
    if (!facts || facts.kind === 'class') return undefined;
    const params = facts.params.map((p) => p.name).join(', ');
    return {
      name: facts.name,
      signature: facts.signature,
      line: fileLine,
      description: `${facts.name}(${params})${facts.returnType ? ` → ${facts.returnType}` : ''}.`,
    };
  });
}

function todos(task: TaskPrompt): Item[] {
  return eachLine(task, (line, fileLine) => {
    const m = /(?:\/\/|#|\/\*|\*|--)\s*(TODO|FIXME|HACK|XXX|NOTE)\b[:\s-]*(.*?)(?:\*\/)?\s*$/.exec(line);
    return m ? { tag: m[1], text: m[2] || m[1], line: fileLine } : undefined;
  });
}

function endpoints(task: TaskPrompt): Item[] {
  return eachLine(task, (line, fileLine) => {
    const served = /\b(?:app|router|server)\.(get|post|put|patch|delete)\(\s*['"`]([^'"`]+)/i.exec(line);
    if (served) return { method: served[1]!.toUpperCase(), path: served[2], role: 'served', line: fileLine };
    const called = /\b(?:fetch|axios\.\w+|requests\.\w+|http\.\w+)\(\s*['"`f]*([^'"`]+)/.exec(line);
    if (!called) return undefined;
    const method =
      /method:\s*['"](\w+)/.exec(line)?.[1] ?? /\.(get|post|put|delete)\(/.exec(line)?.[1] ?? 'GET';
    return { method: method.toUpperCase(), path: called[1], role: 'called', line: fileLine };
  });
}

function configKeys(task: TaskPrompt): Item[] {
  return eachLine(task, (line, fileLine) => {
    const out: Item[] = [];
    for (const m of line.matchAll(
      /process\.env\.(\w+)(?:\s*(?:\?\?|\|\|)\s*['"`]?([^'"`\s;)]+))?|os\.(?:environ\.get|getenv)\(\s*['"](\w+)['"](?:\s*,\s*['"]?([^'")]+))?|os\.Getenv\("(\w+)"\)/g,
    )) {
      const name = m[1] ?? m[3] ?? m[5];
      out.push({ name, source: 'env', defaultValue: m[2] ?? m[4] ?? null, line: fileLine });
    }
    return out;
  });
}

const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b[^'"`]*/i;

function queries(task: TaskPrompt): Item[] {
  return eachLine(task, (line, fileLine) => {
    const m = SQL.exec(line);
    if (!m) return undefined;
    const sql = m[0].trim();
    const op = m[1]!.toUpperCase();
    const tables = [...sql.matchAll(/\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\s+(\w+)/gi)].map((t) => t[1]!);
    return {
      sql,
      operation: ['CREATE', 'ALTER', 'DROP'].includes(op) ? 'DDL' : op,
      tables: [...new Set(tables)],
      line: fileLine,
    };
  });
}

function dependencies(task: TaskPrompt): Item[] {
  return eachLine(task, (line) => {
    const imp =
      /^\s*import\s+(?:[^'"]+\s+from\s+)?['"]([^'"]+)['"]/.exec(line) ??
      /^\s*(?:from|import)\s+([\w.]+)/.exec(line);
    const req = /require\(\s*['"]([^'"]+)['"]\s*\)/.exec(line);
    const name = (imp ?? req)?.[1];
    if (!name || name.startsWith('.') || name.startsWith('node:')) return undefined;
    const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;
    return { name: pkg, version: null, kind: req ? 'require' : 'import' };
  });
}

const PRESETS: Record<string, [string, (task: TaskPrompt) => Item[]]> = {
  extract_functions: ['functions', functions],
  extract_todos: ['items', todos],
  extract_apiEndpoints: ['endpoints', endpoints],
  extract_configKeys: ['keys', configKeys],
  extract_sqlQueries: ['queries', queries],
  extract_dependencies: ['dependencies', dependencies],
};

export function demoExtract(schemaName: string, schema: unknown, task: TaskPrompt): unknown {
  const preset = PRESETS[schemaName];
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  if (preset) {
    // The property name comes from the schema sent, so a renamed list key still gets its items.
    const key = Object.keys(props)[0] ?? preset[0];
    return { [key]: preset[1](task) };
  }
  return fakeFromSchema(schema, words(task.code).find((w) => w.length > 3) ?? 'demo');
}

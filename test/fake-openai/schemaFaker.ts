// Generates a deterministic value that satisfies a JSON Schema (the json_schema response format and tool
// parameters): every property, enums → first value, anyOf/oneOf → first non-null branch, allOf merged, local
// $ref / $defs / definitions, arrays with 1–2 items. `hint` (a word from the user's message) flavours the strings.

type Schema = boolean | { [key: string]: unknown };

const MAX_DEPTH = 8;

export function fakeFromSchema(schema: unknown, hint = 'fake', seed = 0): unknown {
  return new Faker(schema as Schema, hint, seed).value(schema as Schema, 'value', 0);
}

class Faker {
  constructor(
    private readonly root: Schema,
    private readonly hint: string,
    private readonly seed: number,
  ) {}

  value(schema: Schema | undefined, name: string, depth: number): unknown {
    if (schema === undefined || schema === true) return this.text(name, {});
    if (schema === false) return null;
    if (typeof schema.$ref === 'string') return this.value(this.resolve(schema.$ref), name, depth + 1);
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
    const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (Array.isArray(branches) && branches.length > 0) {
      const pick = branches.find((b) => !isNullSchema(b)) ?? branches[0];
      return this.value(mergeSiblings(schema, pick), name, depth + 1);
    }
    if (Array.isArray(schema.allOf)) return this.allOf(schema, name, depth);
    const type = pickType(schema);
    switch (type) {
      case 'object':
        return this.object(schema, depth);
      case 'array':
        return this.array(schema, name, depth);
      case 'string':
        return this.text(name, schema);
      case 'integer':
      case 'number':
        return this.number(schema, type === 'integer', name);
      case 'boolean':
        return (this.seed + name.length) % 2 === 0;
      case 'null':
        return null;
      default:
        return this.text(name, schema);
    }
  }

  private resolve(ref: string): Schema {
    if (!ref.startsWith('#'))
      throw new Error(`fake OpenAI: only local $ref is supported in schemas (${ref})`);
    let node: unknown = this.root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = (node as Record<string, unknown> | undefined)?.[part];
    }
    if (node === undefined) throw new Error(`fake OpenAI: unresolvable $ref ${ref}`);
    return node as Schema;
  }

  private allOf(schema: { [key: string]: unknown }, name: string, depth: number): unknown {
    const { allOf, ...rest } = schema;
    const parts = [rest, ...(allOf as Schema[])].map((s) => this.value(s, name, depth + 1));
    if (parts.every((p) => p !== null && typeof p === 'object' && !Array.isArray(p)))
      return Object.assign({}, ...parts);
    return parts[parts.length - 1];
  }

  private object(schema: { [key: string]: unknown }, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [key, sub] of Object.entries(properties)) {
      // Deep inside a recursive schema only what is required is generated, so the value stays finite.
      if (depth >= MAX_DEPTH && !required.has(key)) continue;
      out[key] = this.value(sub, key, depth + 1);
    }
    return out;
  }

  private array(schema: { [key: string]: unknown }, name: string, depth: number): unknown[] {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
    const wanted = depth >= MAX_DEPTH ? min : 1 + ((this.seed + name.length) % 2);
    const count = Math.min(Math.max(wanted, min), max);
    const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as Schema[]) : [];
    const items = schema.items as Schema | undefined;
    const out: unknown[] = [];
    for (let i = 0; i < Math.max(count, prefix.length); i++) {
      const sub = prefix[i] ?? items;
      const v = this.value(sub, `${name}${i + 1}`, depth + 1);
      out.push(schema.uniqueItems && typeof v === 'string' ? `${v} ${i + 1}` : v);
    }
    return out;
  }

  private number(schema: { [key: string]: unknown }, integer: boolean, name: string): number {
    const num = (k: string): number | undefined =>
      typeof schema[k] === 'number' ? (schema[k] as number) : undefined;
    let lo =
      num('minimum') ??
      (num('exclusiveMinimum') !== undefined
        ? (num('exclusiveMinimum') as number) + (integer ? 1 : 0.5)
        : undefined);
    let hi =
      num('maximum') ??
      (num('exclusiveMaximum') !== undefined
        ? (num('exclusiveMaximum') as number) - (integer ? 1 : 0.5)
        : undefined);
    lo ??= hi !== undefined ? Math.min(0, hi) : 0;
    hi ??= lo + 100;
    let v = lo + ((this.seed * 7 + name.length * 13) % Math.max(1, Math.floor(hi - lo) + 1));
    if (integer) v = Math.ceil(v);
    const step = num('multipleOf');
    if (step) v = Math.ceil(v / step) * step;
    return Math.min(Math.max(v, lo), hi);
  }

  private text(name: string, schema: { [key: string]: unknown }): string {
    const formats: Record<string, string> = {
      'date-time': '2025-04-14T12:00:00Z',
      date: '2025-04-14',
      time: '12:00:00Z',
      email: `${this.hint.toLowerCase().replace(/[^a-z0-9]/g, '') || 'fake'}@example.com`,
      uri: 'https://example.com/fake',
      url: 'https://example.com/fake',
      uuid: '00000000-0000-4000-8000-000000000000',
      hostname: 'example.com',
      ipv4: '127.0.0.1',
    };
    const format = typeof schema.format === 'string' ? formats[schema.format] : undefined;
    let s = format ?? `${name} ${this.hint}`;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
    while (s.length < min) s += ` ${this.hint}`;
    return s.slice(0, max);
  }
}

function isNullSchema(s: Schema): boolean {
  return typeof s === 'object' && s.type === 'null';
}

function pickType(schema: { [key: string]: unknown }): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') ?? t[0]) as string | undefined;
  if (schema.properties) return 'object';
  if (schema.items || schema.prefixItems) return 'array';
  return undefined;
}

/** `{ description, anyOf: [...] }` → the chosen branch (keeps the branch's own keywords). */
function mergeSiblings(parent: { [key: string]: unknown }, branch: Schema | undefined): Schema {
  const { anyOf: _a, oneOf: _o, ...rest } = parent;
  if (branch === undefined || typeof branch === 'boolean') return branch ?? true;
  return { ...rest, ...branch };
}

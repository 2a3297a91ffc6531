// Turns Ajv's errors for a request body into a short list a person can act on: unknown properties first (in the
// API's own wording), then missing required ones, then wrong values.
//
// Most of the spec's unions are anyOf/oneOf of objects told apart by a discriminator (`type`, `role`), and Ajv reports
// every branch's complaints. When the body's discriminator value picks a branch, complaints of the other branches are
// noise ("tools.0.function is not allowed" from the `custom` tool branch) and are dropped; when it picks none, the
// discriminator itself is the error and the allowed values of all branches are listed together.
import type { ErrorObject } from 'ajv/dist/2020';

export interface SpecViolation {
  /** JSON pointer into the request body ('' = the body itself). */
  at: string;
  message: string;
  /** The offending top-level parameter, used as `error.param`. */
  param: string | null;
}

type Resolve = (ref: string) => unknown;
type Node = { [key: string]: unknown };

const DISCRIMINATORS = ['type', 'role'];
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The values a schema (or its allOf members, or its $ref) allows for property `d`; undefined if it does not say. */
function allowedValues(schema: unknown, d: string, resolve: Resolve, depth = 0): unknown[] | undefined {
  if (!isNode(schema) || depth > 4) return undefined;
  if (typeof schema.$ref === 'string') return allowedValues(resolve(schema.$ref), d, resolve, depth + 1);
  const prop = isNode(schema.properties) ? schema.properties[d] : undefined;
  if (isNode(prop)) {
    if (Array.isArray(prop.enum)) return prop.enum;
    if ('const' in prop) return [prop.const];
  }
  for (const member of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const found = allowedValues(member, d, resolve, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Drops the errors that come from union branches the body's discriminator did not choose. */
function dropOtherBranches(errors: ErrorObject[], resolve: Resolve): ErrorObject[] {
  const matched = new Set<string>(); // pointers of discriminators that some branch accepted
  for (const e of errors) {
    if ((e.keyword !== 'anyOf' && e.keyword !== 'oneOf') || !isNode(e.data) || !Array.isArray(e.schema))
      continue;
    for (const d of DISCRIMINATORS) {
      const v = e.data[d];
      if (v !== undefined && e.schema.some((b: unknown) => allowedValues(b, d, resolve)?.includes(v))) {
        matched.add(`${e.instancePath}/${d}`);
      }
    }
  }
  return errors.filter((e) => {
    if ((e.keyword === 'enum' || e.keyword === 'const') && matched.has(e.instancePath)) return false;
    if (!isNode(e.data) || !['unevaluatedProperties', 'additionalProperties', 'required'].includes(e.keyword))
      return true;
    const data = e.data;
    return !DISCRIMINATORS.some((d) => {
      const allowed = allowedValues(e.parentSchema, d, resolve);
      return data[d] !== undefined && allowed !== undefined && !allowed.includes(data[d]);
    });
  });
}

export function summariseErrors(all: ErrorObject[], resolve: Resolve): SpecViolation[] {
  const errors = dropOtherBranches(all, resolve);
  const out: SpecViolation[] = [];
  const seen = new Set<string>();
  const push = (at: string, message: string): void => {
    if (seen.has(`${at}|${message}`)) return;
    seen.add(`${at}|${message}`);
    out.push({ at, message, param: at.split('/')[1] ?? null });
  };
  const dotted = (pointer: string): string => pointer.slice(1).replace(/\//g, '.');
  const anyOfFailures = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.instancePath);
  const underAnyOf = (p: string): boolean => anyOfFailures.some((a) => p === a || p.startsWith(`${a}/`));
  for (const e of errors) {
    if (e.keyword !== 'unevaluatedProperties' && e.keyword !== 'additionalProperties') continue;
    const params = e.params as { unevaluatedProperty?: string; additionalProperty?: string };
    const at = `${e.instancePath}/${params.unevaluatedProperty ?? params.additionalProperty ?? '?'}`;
    push(at, `Unrecognized request argument supplied: ${dotted(at)}`);
  }
  for (const e of errors) {
    // Under a union, a missing property counts only when its branch was identified by the discriminator.
    const identified =
      isNode(e.data) && DISCRIMINATORS.some((d) => allowedValues(e.parentSchema, d, resolve) !== undefined);
    if (e.keyword !== 'required' || (underAnyOf(e.instancePath) && !identified)) continue;
    const at = `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
    push(at, `Missing required parameter: '${dotted(at)}'`);
  }
  const enums = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword !== 'enum' && e.keyword !== 'const') continue;
    const allowed =
      e.keyword === 'enum'
        ? (e.params as { allowedValues: unknown[] }).allowedValues
        : [(e.params as { allowedValue: unknown }).allowedValue];
    enums.set(e.instancePath, [...(enums.get(e.instancePath) ?? []), ...allowed]);
  }
  for (const [at, allowed] of enums) {
    const list = [...new Set(allowed.map((v) => JSON.stringify(v)))].join(', ');
    push(at, `Invalid '${dotted(at) || 'body'}': must be one of ${list}`);
  }
  // `must be null` is the normalised `nullable` alternative failing beside the real complaint: drop it then.
  const isNullAlternative = (e: ErrorObject): boolean =>
    e.keyword === 'type' &&
    (e.params as { type?: unknown }).type === 'null' &&
    errors.some((o) => o !== e && o.instancePath === e.instancePath && o.keyword !== 'anyOf');
  const skip = [
    'unevaluatedProperties',
    'additionalProperties',
    'required',
    'anyOf',
    'oneOf',
    'if',
    'enum',
    'const',
  ];
  const rest = errors.filter(
    (e) => !skip.includes(e.keyword) && !enums.has(e.instancePath) && !isNullAlternative(e),
  );
  for (const e of rest.sort((a, b) => b.instancePath.length - a.instancePath.length)) {
    push(e.instancePath, `Invalid '${dotted(e.instancePath) || 'body'}': ${e.message ?? e.keyword}`);
  }
  for (const at of anyOfFailures) {
    if (!out.some((v) => v.at === at || v.at.startsWith(`${at}/`))) {
      push(at, `Invalid '${dotted(at) || 'body'}': matches none of the allowed shapes`);
    }
  }
  return out.slice(0, 8);
}

// ajv validation of task answers: one compiled validator per schema object, errors in words a model (for the
// repair turn) and a person (for the final error) can act on.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './types';

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

function getAjv(): Ajv {
  // strict: false — user schemas carry keywords (`title`, `$comment`, vendor extensions) ajv's strict mode rejects.
  ajv ??= addFormats(new Ajv({ allErrors: true, strict: false }));
  return ajv;
}

/** Compiles a schema (cached); throws an Error naming the problem when the schema itself is invalid. */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  let validate: ValidateFunction;
  try {
    validate = getAjv().compile(schema);
  } catch (err) {
    throw new Error(`invalid JSON Schema: ${err instanceof Error ? err.message : String(err)}`);
  }
  compiled.set(schema, validate);
  return validate;
}

export type ValidationOutcome = { ok: true; value: unknown } | { ok: false; errors: string[] };

/** Parses a model's text answer and validates it. A surrounding ```json fence is tolerated (json_object mode). */
export function parseAndValidate(raw: string, schema: JsonSchema): ValidationOutcome {
  let value: unknown;
  try {
    value = JSON.parse(stripFence(raw));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, errors: [`the answer is not valid JSON (${why})`] };
  }
  return validateValue(value, schema);
}

export function validateValue(value: unknown, schema: JsonSchema): ValidationOutcome {
  const validate = compileSchema(schema);
  if (validate(value)) return { ok: true, value };
  return { ok: false, errors: formatErrors(validate.errors ?? []) };
}

function formatErrors(errors: ErrorObject[]): string[] {
  const lines = errors.slice(0, 20).map((e) => {
    const where = e.instancePath || '(root)';
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties')
      return `${where}: unexpected property "${String(params.additionalProperty)}"`;
    if (e.keyword === 'required')
      return `${where}: missing required property "${String(params.missingProperty)}"`;
    if (e.keyword === 'enum') return `${where}: must be one of ${JSON.stringify(params.allowedValues)}`;
    return `${where}: ${e.message ?? e.keyword}`;
  });
  if (errors.length > 20) lines.push(`…and ${errors.length - 20} more`);
  return lines;
}

function stripFence(raw: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(raw);
  return m?.[1] ?? raw;
}

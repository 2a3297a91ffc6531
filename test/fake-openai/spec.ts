// Request conformance against the official OpenAI OpenAPI document (../shared/openai-openapi/openapi.yaml).
// The document still uses OpenAPI 3.0 idioms (`nullable`, boolean `exclusiveMinimum`) that make Ajv reject 31 of
// its schemas — including CreateChatCompletionRequest — so it is normalised first. Request schemas are compiled
// lazily (only for the paths the fake serves) and CLOSED: `{ $ref, unevaluatedProperties: false }`, so a typo such
// as `max_token` is an error instead of a silent pass.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const DOC_ID = 'openapi.json';

/** Where the spec lives when nobody says otherwise: `<repo>/../shared/openai-openapi/openapi.yaml`. */
export function defaultSpecPath(): string {
  return (
    process.env.OPENAI_OPENAPI_SPEC ||
    path.resolve(__dirname, '..', '..', '..', 'shared', 'openai-openapi', 'openapi.yaml')
  );
}

export interface SpecViolation {
  /** JSON pointer into the request body ('' = the body itself). */
  at: string;
  message: string;
  /** The offending top-level parameter, used as `error.param`. */
  param: string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Rewrites OpenAPI 3.0 idioms into JSON Schema 2020-12 in place (see the spec's README for why). */
export function normaliseSchema(node: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) normaliseSchema(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const value of Object.values(node)) normaliseSchema(value);
  for (const [bound, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof node[bound] !== 'boolean') continue;
    if (node[bound] === true && typeof node[limit] === 'number') {
      node[bound] = node[limit];
      delete node[limit];
    } else delete node[bound];
  }
  if (typeof node.nullable !== 'boolean') return;
  const nullable = node.nullable;
  delete node.nullable;
  if (!nullable) return;
  const type = node.type;
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.includes('null')) node.type = [...types, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
    return;
  }
  // No `type` beside it (a `$ref`, `anyOf`, `allOf`…): null becomes an alternative to everything else.
  const rest: JsonObject = {};
  for (const key of Object.keys(node)) {
    if (key === 'description' || key === 'default' || key === 'title') continue;
    rest[key] = node[key] as Json;
    delete node[key];
  }
  node.anyOf = [rest, { type: 'null' }];
}

export interface SpecDocument {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonObject }> } }>
  >;
  components: { schemas: Record<string, JsonObject> };
}

/** A loaded, normalised spec with its lazily compiled validators. One per spec file per process. */
export class OpenApiSpec {
  private ajv: Ajv2020 | undefined;
  private readonly validators = new Map<string, { validate: ValidateFunction; name: string } | null>();

  constructor(
    readonly file: string,
    readonly doc: SpecDocument,
  ) {}

  /** The JSON request-body schema name for `method specPath` (e.g. 'post', '/chat/completions'), if any. */
  requestSchemaName(method: string, specPath: string): string | undefined {
    const op = this.doc.paths[specPath]?.[method.toLowerCase()];
    const schema = op?.requestBody?.content?.['application/json']?.schema;
    if (!schema) return undefined;
    const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
    return ref ? ref.replace('#/components/schemas/', '') : `${method.toUpperCase()} ${specPath}`;
  }

  /**
   * Validates a JSON request body closed. Returns [] when it conforms, or the violations. Returns undefined when the
   * spec has no JSON request body for this operation (GET, multipart uploads…).
   */
  validateRequest(method: string, specPath: string, body: unknown): SpecViolation[] | undefined {
    const key = `${method.toLowerCase()} ${specPath}`;
    if (!this.validators.has(key))
      this.validators.set(key, this.compileRequest(method.toLowerCase(), specPath));
    const entry = this.validators.get(key);
    if (!entry) return undefined;
    if (entry.validate(body)) return [];
    return summariseErrors(entry.validate.errors ?? []);
  }

  /** Validates a value OPEN against a component schema (responses: the real API adds fields over time). */
  validateComponent(name: string, value: unknown): string[] {
    const key = `component ${name}`;
    let entry = this.validators.get(key);
    if (!entry) {
      entry = { validate: this.getAjv().compile({ $ref: `${DOC_ID}#/components/schemas/${name}` }), name };
      this.validators.set(key, entry);
    }
    if (entry.validate(value)) return [];
    return (entry.validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
  }

  private compileRequest(
    method: string,
    specPath: string,
  ): { validate: ValidateFunction; name: string } | null {
    const name = this.requestSchemaName(method, specPath);
    if (!name) return null;
    const pointer = ['paths', specPath, method, 'requestBody', 'content', 'application/json', 'schema']
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = this.getAjv().compile({ $ref: `${DOC_ID}#/${pointer}`, unevaluatedProperties: false });
    return { validate, name };
  }

  private getAjv(): Ajv2020 {
    if (this.ajv) return this.ajv;
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      validateSchema: false, // the 3 MB document is not a schema itself; its parts are checked when compiled
      logger: {
        log: () => undefined,
        warn: () => undefined,
        error: (...a: unknown[]) => console.error(...a),
      },
    });
    addFormats(ajv);
    // Only `paths` and `components` are needed to resolve every `$ref` of a request body.
    ajv.addSchema({ $id: DOC_ID, paths: this.doc.paths, components: this.doc.components } as object);
    this.ajv = ajv;
    return ajv;
  }
}

/**
 * Turns Ajv's errors into a short list a person can act on: unknown properties first (in the API's own wording),
 * then missing required ones, then wrong values. Errors from inside a failed anyOf/oneOf are mostly noise (each
 * branch reports its own); enum errors at one place are merged and `required` errors under a failed anyOf dropped.
 */
function summariseErrors(errors: ErrorObject[]): SpecViolation[] {
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
    if (e.keyword !== 'required' || underAnyOf(e.instancePath)) continue;
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
    push(
      at,
      `Invalid '${dotted(at) || 'body'}': must be one of ${[...new Set(allowed.map((v) => JSON.stringify(v)))].join(', ')}`,
    );
  }
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
  // `must be null` is the normalised `nullable` alternative failing beside the real complaint: drop it then.
  const isNullAlternative = (e: ErrorObject): boolean =>
    e.keyword === 'type' &&
    (e.params as { type?: unknown }).type === 'null' &&
    errors.some((o) => o !== e && o.instancePath === e.instancePath && o.keyword !== 'anyOf');
  const rest = errors.filter(
    (e) => !skip.includes(e.keyword) && !enums.has(e.instancePath) && !isNullAlternative(e),
  );
  for (const e of rest.sort((a, b) => b.instancePath.length - a.instancePath.length)) {
    push(e.instancePath, `Invalid '${dotted(e.instancePath) || 'body'}': ${e.message ?? e.keyword}`);
  }
  for (const at of anyOfFailures) {
    if (!out.some((v) => v.at === at || v.at.startsWith(`${at}/`)))
      push(at, `Invalid '${dotted(at) || 'body'}': matches none of the allowed shapes`);
  }
  return out.slice(0, 8);
}

const cache = new Map<string, OpenApiSpec>();

/** Loads (once per process) and normalises the spec; undefined when the file does not exist. */
export function loadSpec(file: string): OpenApiSpec | undefined {
  const resolved = path.resolve(file);
  const hit = cache.get(resolved);
  if (hit) return hit;
  if (!fs.existsSync(resolved)) return undefined;
  const doc = YAML.parse(fs.readFileSync(resolved, 'utf8'), { maxAliasCount: -1 }) as SpecDocument;
  if (!doc?.paths || !doc.components?.schemas)
    throw new Error(`FAKE OPENAI: ${resolved} is not an OpenAPI document`);
  normaliseSchema(doc.paths as unknown as Json);
  normaliseSchema(doc.components.schemas as unknown as Json);
  const spec = new OpenApiSpec(resolved, doc);
  cache.set(resolved, spec);
  return spec;
}

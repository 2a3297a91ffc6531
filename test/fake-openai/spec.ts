// Request conformance against the official OpenAI OpenAPI document (../shared/openai-openapi/openapi.yaml).
// The document still uses OpenAPI 3.0 idioms (`nullable`, boolean `exclusiveMinimum`) that make Ajv reject 31 of
// its schemas — including CreateChatCompletionRequest — so it is normalised first. Request schemas are compiled
// lazily (only for the paths the fake serves) and CLOSED: `{ $ref, unevaluatedProperties: false }`, so a typo such
// as `max_token` is an error instead of a silent pass.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { closeObjectSchemas } from './specClosing';
import { type SpecViolation, summariseErrors } from './specErrors';

export type { SpecViolation } from './specErrors';

const DOC_ID = 'openapi.json';
const JSON_TYPE = 'application/json';
export const MULTIPART_TYPE = 'multipart/form-data';

/** Where the spec lives when nobody says otherwise: `<repo>/../shared/openai-openapi/openapi.yaml`. */
export function defaultSpecPath(): string {
  return (
    process.env.OPENAI_OPENAPI_SPEC ||
    path.resolve(__dirname, '..', '..', '..', 'shared', 'openai-openapi', 'openapi.yaml')
  );
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
  /** Requests are validated closed at every depth, responses open (see specClosing.ts). */
  private readonly ajv: { closed?: Ajv2020; open?: Ajv2020 } = {};
  private readonly validators = new Map<string, { validate: ValidateFunction; name: string } | null>();

  constructor(
    readonly file: string,
    readonly doc: SpecDocument,
  ) {}

  /**
   * The request-body schema name for `method specPath` (e.g. 'post', '/chat/completions') in the given content type
   * (JSON, or `multipart/form-data` for uploads, whose fields are validated as an object), if any.
   */
  requestSchemaName(method: string, specPath: string, contentType = JSON_TYPE): string | undefined {
    const op = this.doc.paths[specPath]?.[method.toLowerCase()];
    const schema = op?.requestBody?.content?.[contentType]?.schema;
    if (!schema) return undefined;
    const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
    return ref ? ref.replace('#/components/schemas/', '') : `${method.toUpperCase()} ${specPath}`;
  }

  /**
   * Validates a JSON request body closed. Returns [] when it conforms, or the violations. Returns undefined when the
   * spec has no JSON request body for this operation (GET, multipart uploads…).
   */
  validateRequest(
    method: string,
    specPath: string,
    body: unknown,
    contentType = JSON_TYPE,
  ): SpecViolation[] | undefined {
    const key = `${method.toLowerCase()} ${specPath} ${contentType}`;
    if (!this.validators.has(key))
      this.validators.set(key, this.compileRequest(method.toLowerCase(), specPath, contentType));
    const entry = this.validators.get(key);
    if (!entry) return undefined;
    if (entry.validate(body)) return [];
    return summariseErrors(entry.validate.errors ?? [], (ref) => this.resolveRef(ref));
  }

  /** Validates a value OPEN against a component schema (responses: the real API adds fields over time). */
  validateComponent(name: string, value: unknown): string[] {
    const key = `component ${name}`;
    let entry = this.validators.get(key);
    if (!entry) {
      entry = {
        validate: this.getAjv(false).compile({ $ref: `${DOC_ID}#/components/schemas/${name}` }),
        name,
      };
      this.validators.set(key, entry);
    }
    if (entry.validate(value)) return [];
    return (entry.validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
  }

  /** The schema a local `#/components/schemas/…` reference points at (for naming the branch of an error). */
  resolveRef(ref: string): unknown {
    const prefix = '#/components/schemas/';
    return ref.startsWith(prefix) ? this.doc.components.schemas[ref.slice(prefix.length)] : undefined;
  }

  private compileRequest(
    method: string,
    specPath: string,
    contentType: string,
  ): { validate: ValidateFunction; name: string } | null {
    const name = this.requestSchemaName(method, specPath, contentType);
    if (!name) return null;
    const pointer = ['paths', specPath, method, 'requestBody', 'content', contentType, 'schema']
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = this.getAjv(true).compile({
      $ref: `${DOC_ID}#/${pointer}`,
      unevaluatedProperties: false,
    });
    return { validate, name };
  }

  private getAjv(closed: boolean): Ajv2020 {
    const cached = closed ? this.ajv.closed : this.ajv.open;
    if (cached) return cached;
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      verbose: closed, // request errors carry their data and schema, to tell the branch that was meant
      validateSchema: false, // the 3 MB document is not a schema itself; its parts are checked when compiled
      logger: {
        log: () => undefined,
        warn: () => undefined,
        error: (...a: unknown[]) => console.error(...a),
      },
    });
    addFormats(ajv);
    // Only `paths` and `components` are needed to resolve every `$ref` of a request body.
    let { paths, components } = this.doc;
    if (closed) {
      ({ paths, components } = structuredClone({ paths, components }));
      const bodies = Object.values(paths).flatMap((ops) =>
        Object.values(ops).flatMap((op) =>
          Object.values(op?.requestBody?.content ?? {}).map((c) => c.schema),
        ),
      );
      closeObjectSchemas(
        components.schemas,
        bodies.filter((b): b is JsonObject => b !== undefined),
      );
      this.ajv.closed = ajv;
    } else this.ajv.open = ajv;
    ajv.addSchema({ $id: DOC_ID, paths, components } as object);
    return ajv;
  }
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

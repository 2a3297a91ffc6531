// User tasks: `.gptworkbench/tasks/*.json`. The host reads the files; this module turns their text into TaskSpecs,
// or into an error that names the file and the problem in words (never a stack trace).
import { REFACTOR_SCHEMA, EXPLAIN_SCHEMA } from './schemas';
import { schemaNameFor } from './extractPresets';
import type { JsonSchema, TaskParameters, TaskSpec } from './types';
import { compileSchema } from './validation';

/** What a user task's answer becomes: a diff (refactor), an explanation in chat, JSON data, or markdown in chat. */
export type UserTaskKind = 'refactor' | 'explain' | 'json' | 'text';

export interface UserTask {
  name: string;
  description: string;
  kind: UserTaskKind;
  spec: TaskSpec;
  /** The file it came from, for messages. */
  file: string;
}

export class UserTaskError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Task file ${file}: ${problem}`);
    this.name = 'UserTaskError';
  }
}

const ALLOWED_KEYS = ['name', 'description', 'systemPrompt', 'schema', 'model', 'parameters', '$schema'];
type NumericParameter = Exclude<keyof TaskParameters, 'reasoning_effort' | 'service_tier'>;
const PARAMETER_RULES: Record<NumericParameter, { min: number; max: number; integer: boolean }> = {
  temperature: { min: 0, max: 2, integer: false },
  top_p: { min: 0, max: 1, integer: false },
  seed: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true },
  max_tokens: { min: 1, max: 1_000_000, integer: true },
};
/** How a task's requests ask to be served (flex: batch prices, may wait); priced by the tier the answer names. */
const SERVICE_TIERS = ['auto', 'default', 'flex', 'priority'] as const;
const ALLOWED_PARAMETERS = [...Object.keys(PARAMETER_RULES), 'service_tier'];

/**
 * Parses one task file. `schema` may be an inline JSON Schema, the name of a built-in answer shape ("refactor",
 * "explain"), or a path under `.gptworkbench/` resolved through `loadSchemaFile` (the host reads it).
 */
export function parseUserTask(
  file: string,
  text: string,
  loadSchemaFile?: (relPath: string) => string | undefined,
): UserTask {
  const fail = (problem: string): never => {
    throw new UserTaskError(file, problem);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(`not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('must contain one JSON object');
  const obj = data as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !ALLOWED_KEYS.includes(k));
  if (unknown.length)
    fail(
      `unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (allowed: ${ALLOWED_KEYS.slice(0, 6).join(', ')})`,
    );
  const name = requireString(obj, 'name', fail);
  const systemPrompt = requireString(obj, 'systemPrompt', fail);
  const description = obj.description === undefined ? '' : requireString(obj, 'description', fail);
  const model = obj.model === undefined ? undefined : requireString(obj, 'model', fail);
  const parameters = parseParameters(obj.parameters, fail);

  let kind: UserTaskKind = 'text';
  let schema: JsonSchema = { type: 'object' };
  if (obj.schema === 'refactor' || obj.schema === 'explain') {
    kind = obj.schema;
    schema = obj.schema === 'refactor' ? REFACTOR_SCHEMA : EXPLAIN_SCHEMA;
  } else if (typeof obj.schema === 'string') {
    kind = 'json';
    const schemaText = loadSchemaFile?.(obj.schema);
    if (schemaText === undefined)
      fail(`"schema": the file "${obj.schema}" was not found under .gptworkbench/`);
    schema = parseSchemaText(obj.schema, schemaText!);
  } else if (obj.schema !== undefined) {
    kind = 'json';
    if (typeof obj.schema !== 'object' || obj.schema === null || Array.isArray(obj.schema)) {
      fail(
        '"schema" must be a JSON Schema object, "refactor", "explain", or a path such as "schemas/x.json"',
      );
    }
    schema = obj.schema as JsonSchema;
    try {
      compileSchema(schema);
    } catch (err) {
      fail(`"schema" is not a usable JSON Schema: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return {
    name,
    description,
    kind,
    file,
    spec: {
      id: `user:${schemaNameFor(name)}`,
      title: name,
      systemPrompt,
      examples: [],
      schemaName: schemaNameFor(name),
      schema,
      parameters,
      model,
      output: kind === 'text' ? 'text' : 'json',
    },
  };
}

/** Parses a schema file (`.gptworkbench/schemas/*.json`); throws UserTaskError naming the file. */
export function parseSchemaText(file: string, text: string): JsonSchema {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    throw new UserTaskError(file, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new UserTaskError(file, 'a JSON Schema must be an object');
  }
  try {
    compileSchema(schema as JsonSchema);
  } catch (err) {
    throw new UserTaskError(file, err instanceof Error ? err.message : String(err));
  }
  return schema as JsonSchema;
}

/** Loads many task files at once: good ones become tasks, broken ones become errors; one never hides the others. */
export function parseUserTasks(
  files: { file: string; text: string }[],
  loadSchemaFile?: (relPath: string) => string | undefined,
): { tasks: UserTask[]; errors: UserTaskError[] } {
  const tasks: UserTask[] = [];
  const errors: UserTaskError[] = [];
  for (const { file, text } of files) {
    try {
      tasks.push(parseUserTask(file, text, loadSchemaFile));
    } catch (err) {
      errors.push(err instanceof UserTaskError ? err : new UserTaskError(file, String(err)));
    }
  }
  const seen = new Set<string>();
  for (const task of [...tasks]) {
    if (seen.has(task.name)) {
      errors.push(new UserTaskError(task.file, `another task file already uses the name "${task.name}"`));
      tasks.splice(tasks.indexOf(task), 1);
    }
    seen.add(task.name);
  }
  return { tasks, errors };
}

function requireString(obj: Record<string, unknown>, key: string, fail: (p: string) => never): string {
  const value = obj[key];
  if (value === undefined) fail(`missing required field "${key}"`);
  if (typeof value !== 'string' || value.trim() === '') fail(`"${key}" must be a non-empty string`);
  return value as string;
}

function parseParameters(value: unknown, fail: (p: string) => never): TaskParameters {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('"parameters" must be an object');
  const out: TaskParameters = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'service_tier') {
      if (!SERVICE_TIERS.includes(v as (typeof SERVICE_TIERS)[number]))
        fail(`"parameters.service_tier" must be one of ${SERVICE_TIERS.map((t) => `"${t}"`).join(', ')}`);
      out.service_tier = v as (typeof SERVICE_TIERS)[number];
      continue;
    }
    const rule = PARAMETER_RULES[key as NumericParameter];
    if (!rule) fail(`"parameters.${key}" is not supported (allowed: ${ALLOWED_PARAMETERS.join(', ')})`);
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      v < rule.min ||
      v > rule.max ||
      (rule.integer && !Number.isInteger(v))
    ) {
      fail(
        `"parameters.${key}" must be ${rule.integer ? 'an integer' : 'a number'} between ${rule.min} and ${rule.max}`,
      );
    }
    out[key as NumericParameter] = v as number;
  }
  return out;
}

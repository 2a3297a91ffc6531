// The answer schemas of the built-in tasks, written in the subset OpenAI's strict Structured Outputs accept
// (every property required, additionalProperties false), plus a check for whether any schema fits that subset.
import type { JsonSchema } from './types';

const str = { type: 'string' } as const;
const strList = { type: 'array', items: str } as const;

/** `object` with every property required and nothing else allowed: the shape strict mode demands. */
export function strictObject(properties: Record<string, unknown>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

export const EXPLAIN_SCHEMA: JsonSchema = strictObject({
  summary: { ...str, description: 'One or two sentences: what the code does and why.' },
  steps: { ...strList, description: 'What happens, in order, one short sentence each.' },
  concepts: {
    type: 'array',
    description: 'Language features, patterns or APIs a reader must know.',
    items: strictObject({ name: str, explanation: str }),
  },
  risks: { ...strList, description: 'Bugs, edge cases, security or performance concerns; empty if none.' },
});

export interface ExplainAnswer {
  summary: string;
  steps: string[];
  concepts: { name: string; explanation: string }[];
  risks: string[];
}

export const REFACTOR_SCHEMA: JsonSchema = strictObject({
  code: {
    ...str,
    description: 'The complete replacement for the code between the delimiters, nothing more.',
  },
  explanation: { ...str, description: 'Why the new code is better, in one short paragraph.' },
  changes: { ...strList, description: 'Each change made, one short sentence each.' },
});

export interface RefactorAnswer {
  code: string;
  explanation: string;
  changes: string[];
}

/** Keywords strict mode does not accept (as of the Structured Outputs guide). */
const UNSUPPORTED_KEYWORDS = [
  'patternProperties',
  'unevaluatedProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'if',
  'then',
  'else',
  'not',
  'dependentRequired',
  'dependentSchemas',
  'contains',
];

/**
 * Why a schema cannot be sent as strict json_schema, or undefined when it can. A user schema that fails gets
 * json_object with the schema in the prompt instead (ajv still validates the answer against it).
 */
export function strictIncompatibility(schema: unknown, at = '#'): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  if (Array.isArray(schema)) {
    for (let i = 0; i < schema.length; i++) {
      const why = strictIncompatibility(schema[i], `${at}/${i}`);
      if (why) return why;
    }
    return undefined;
  }
  const node = schema as Record<string, unknown>;
  if (at === '#' && node.type !== 'object') return 'the root must be an object';
  for (const keyword of UNSUPPORTED_KEYWORDS) {
    if (keyword in node) return `${at} uses "${keyword}", which strict mode does not support`;
  }
  if (node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'))) {
    const props = (node.properties ?? {}) as Record<string, unknown>;
    if (node.additionalProperties !== false) return `${at} must set additionalProperties: false`;
    const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
    const missing = Object.keys(props).filter((k) => !required.includes(k));
    if (missing.length > 0) return `${at} does not require ${missing.join(', ')}`;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
    const why = strictIncompatibility(value, `${at}/${key}`);
    if (why) return why;
  }
  return undefined;
}

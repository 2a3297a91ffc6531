// "Extract …" from a one-line description: the model designs the fields of one list item (itself a strict
// structured answer), and the JSON Schema is built here from that design, so it is always strict-compatible.
import { runCodeTask, type CodeTaskOptions } from './runTask';
import { strictObject } from './schemas';
import type { JsonSchema, TaskSpec } from './types';

export interface FieldDesign {
  listName: string;
  fields: {
    name: string;
    type: 'string' | 'number' | 'integer' | 'boolean' | 'string[]';
    description: string;
  }[];
}

const DESIGN_SCHEMA: JsonSchema = strictObject({
  listName: { type: 'string', description: 'camelCase name of the list, e.g. "endpoints".' },
  fields: {
    type: 'array',
    items: strictObject({
      name: { type: 'string', description: 'camelCase field name.' },
      type: { type: 'string', enum: ['string', 'number', 'integer', 'boolean', 'string[]'] },
      description: { type: 'string' },
    }),
  },
});

export const SCHEMA_DESIGN_TASK: TaskSpec = {
  id: 'extract:design',
  title: 'Design extraction schema',
  systemPrompt: `You design the record type for a code-extraction tool.
The Instruction line says what the user wants extracted from the code. Choose a list name and 2 to 8 fields for
one item of that list: short camelCase names, the simplest type that fits, one-line descriptions. Include a "line"
integer field when items have a location in the code.`,
  examples: [
    {
      input: {
        filePath: 'example.ts',
        languageId: 'typescript',
        code: '',
        instruction: 'feature flags and their defaults',
      },
      answer: {
        listName: 'flags',
        fields: [
          { name: 'name', type: 'string', description: 'Flag name as written in the code.' },
          { name: 'defaultValue', type: 'string', description: 'Default value, as written.' },
          { name: 'line', type: 'integer', description: 'Line where the flag is read.' },
        ],
      } satisfies FieldDesign,
    },
  ],
  schemaName: 'field_design',
  schema: DESIGN_SCHEMA,
  parameters: { temperature: 0 },
};

function identifier(raw: string, fallback: string): string {
  const words = raw
    .replace(/[^a-zA-Z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const id = words
    .map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
  return /^[a-zA-Z]/.test(id) ? id.slice(0, 40) : fallback;
}

/** Builds the strict JSON Schema `{ <listName>: [ { ...fields } ] }` from a field design. */
export function schemaFromDesign(design: FieldDesign): JsonSchema {
  const properties: Record<string, unknown> = {};
  design.fields.forEach((f, i) => {
    let name = identifier(f.name, `field${i + 1}`);
    while (name in properties) name += '_';
    const type = f.type === 'string[]' ? { type: 'array', items: { type: 'string' } } : { type: f.type };
    properties[name] = { ...type, description: f.description };
  });
  if (Object.keys(properties).length === 0) properties.value = { type: 'string' };
  return strictObject({
    [identifier(design.listName, 'items')]: { type: 'array', items: strictObject(properties) },
  });
}

/** Asks the model for a field design for `description` and returns the schema built from it. */
export async function schemaFromDescription(
  description: string,
  options: Omit<CodeTaskOptions, 'spec' | 'input'>,
): Promise<JsonSchema> {
  const result = await runCodeTask<FieldDesign>({
    ...options,
    spec: SCHEMA_DESIGN_TASK,
    input: { filePath: '(none)', languageId: 'text', code: '', instruction: description },
  });
  return schemaFromDesign(result.value);
}

// The built-in Review task: findings on a file or a chunk of one (bugs, risks, style), each tied to a file line, so
// a review of a whole folder reads as one report with links to the code. Used by batch jobs; its prompt prefix is
// a constant, so every request of a job shares it (prompt caching).
import { DATA_RULES } from './prompts';
import { strictObject } from './schemas';
import type { TaskSpec } from './types';

const str = { type: 'string' } as const;

export const REVIEW_SCHEMA = strictObject({
  summary: { ...str, description: 'One or two sentences: the overall state of the code.' },
  findings: {
    type: 'array',
    description: 'Problems worth fixing, most important first; empty if none.',
    items: strictObject({
      line: { type: 'integer', description: 'The file line the finding is about.' },
      severity: { type: 'string', enum: ['high', 'medium', 'low'] },
      message: { ...str, description: 'What is wrong and how to fix it, in one or two sentences.' },
    }),
  },
});

export interface ReviewAnswer {
  summary: string;
  findings: { line: number; severity: 'high' | 'medium' | 'low'; message: string }[];
}

export const REVIEW_PROMPT = [
  'You are a senior engineer reviewing code. Report real problems: bugs, unhandled errors, security risks,',
  'performance traps and confusing code. Do not report formatting or matters of taste. Each finding names the',
  'file line it is about. An empty findings list is a good answer for good code.',
  '',
  DATA_RULES,
].join('\n');

export const REVIEW_TASK: TaskSpec = {
  id: 'review',
  title: 'Review',
  systemPrompt: REVIEW_PROMPT,
  examples: [],
  schemaName: 'code_review',
  schema: REVIEW_SCHEMA,
  parameters: { temperature: 0 },
};

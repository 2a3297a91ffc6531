// Public face of the code tasks; re-exported from src/core/index.ts.
export type {
  JsonSchema,
  TaskChatFn,
  TaskChatRequest,
  TaskChatResult,
  TaskInput,
  TaskMessage,
  TaskParameters,
  TaskResponseFormat,
  TaskSpec,
} from './types';
export {
  EXPLAIN_TASK,
  REFACTOR_TASK,
  FIX_TASK,
  DEFAULT_PARAMETERS,
  DEFAULT_REFACTOR_INSTRUCTION,
} from './builtinTasks';
export {
  EXTRACT_PRESET_IDS,
  extractPresetInfo,
  extractPresetTask,
  customExtractTask,
  schemaNameFor,
} from './extractPresets';
export type { ExtractPresetId } from './extractPresets';
export { EXPLAIN_SCHEMA, REFACTOR_SCHEMA, strictIncompatibility, strictObject } from './schemas';
export type { ExplainAnswer, RefactorAnswer } from './schemas';
export { buildTaskMessages, formatTaskInput, delimit, DATA_RULES } from './prompts';
export { runStructured, chooseResponseFormat, TaskOutputError } from './structured';
export type { StructuredResult, StructuredRunOptions } from './structured';
export { parseAndValidate, validateValue, compileSchema } from './validation';
export { parsePartialJson } from './partialJson';
export { explanationToMarkdown, createExplanationStream } from './explainMarkdown';
export { parseUserTask, parseUserTasks, parseSchemaText, UserTaskError } from './userTasks';
export type { UserTask, UserTaskKind } from './userTasks';
export { toCsv, findFlatRows } from './csv';
export { countPromptTokens, checkPromptSize, TaskTooLargeError, asTaskFailure } from './tokenBudget';
export type { TokenCheck } from './tokenBudget';
export { runCodeTask, runTextTask, checkTaskSize, taskTurnFooter } from './runTask';
export type { CodeTaskOptions, CodeTaskResult, ModelFacts } from './runTask';
export { schemaFromDescription, schemaFromDesign, SCHEMA_DESIGN_TASK } from './schemaFromDescription';
export type { FieldDesign } from './schemaFromDescription';
export { REVIEW_TASK, REVIEW_SCHEMA } from './reviewTask';
export type { ReviewAnswer } from './reviewTask';

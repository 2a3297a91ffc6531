// Public face of the edit planning used by refactor and fix; re-exported from src/core/index.ts.
export { planRefactorEdit, locateOriginal, detectEol } from './planRefactorEdit';
export type { RefactorOrigin, DocumentState, RefactorEditPlan } from './planRefactorEdit';
export { fitReplacement } from './indentation';
export type { IndentContext } from './indentation';

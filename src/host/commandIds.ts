// Every command id the extension registers or runs by its own name, in one place. package.json declares exactly
// these (test/unit/manifest.test.ts checks both directions, and that each is registered once in src/host).
export const COMMANDS = {
  explainSelection: 'gptWorkbench.explainSelection',
  refactorSelection: 'gptWorkbench.refactorSelection',
  extractData: 'gptWorkbench.extractData',
  fixProblem: 'gptWorkbench.fixProblem',
  runTask: 'gptWorkbench.runTask',
  applyProposal: 'gptWorkbench.applyProposal',
  discardProposal: 'gptWorkbench.discardProposal',
  setApiKey: 'gptWorkbench.setApiKey',
  clearApiKey: 'gptWorkbench.clearApiKey',
  showApiKeyStatus: 'gptWorkbench.showApiKeyStatus',
  openChat: 'gptWorkbench.openChat',
  newChat: 'gptWorkbench.newChat',
  addSelectionToChat: 'gptWorkbench.addSelectionToChat',
  exportChat: 'gptWorkbench.exportChat',
  showUsage: 'gptWorkbench.showUsage',
  exportUsage: 'gptWorkbench.exportUsage',
  clearResponseCache: 'gptWorkbench.clearResponseCache',
  setEndpointSecret: 'gptWorkbench.setEndpointSecret',
  runTaskOnFiles: 'gptWorkbench.runTaskOnFiles',
  batchCancel: 'gptWorkbench.batch.cancel',
  batchOpenResults: 'gptWorkbench.batch.openResults',
  batchOpenResultsJson: 'gptWorkbench.batch.openResultsJson',
  batchOpenErrors: 'gptWorkbench.batch.openErrors',
  batchRetryFailed: 'gptWorkbench.batch.retryFailed',
  batchResubmitIncomplete: 'gptWorkbench.batch.resubmitIncomplete',
  batchRemove: 'gptWorkbench.batch.remove',
  manageModels: 'gptWorkbench.manageModels',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

// The models we offer VS Code's model picker, from the catalogue: every chat model whose limits we know and that the
// endpoint lists (all of them until GET /v1/models answered), plus `auto`, which the Workbench routes per request.
// Models the catalogue does not know are left out: VS Code needs their limits, and their price would be unknown.
import { priceSummary } from '../cost/cost';
import type { ModelCatalogue, ModelInfo } from '../models/catalogue';
import { AUTO_MODEL } from '../models/router';

/** Plain mirror of VS Code's LanguageModelChatInformation. */
export interface LmModelInformation {
  id: string;
  name: string;
  family: string;
  version: string;
  tooltip: string;
  detail: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { imageInput: boolean; toolCalling: boolean };
  /**
   * Listed in VS Code's chat model picker. Not yet in the stable typings, but read by VS Code 1.104+: without it
   * the models exist for `vscode.lm` and stay hidden in the picker until the user unhides them under Manage Models.
   */
  isUserSelectable: boolean;
}

function describe(info: ModelInfo & { contextWindow: number; maxOutputTokens: number }): LmModelInformation {
  return {
    id: info.id,
    name: info.id,
    family: info.id,
    version: info.price?.date ?? 'unknown',
    tooltip:
      `${info.id} through GPT Workbench: ${priceSummary(info.price)}; every request is redacted, budgeted, ` +
      'cached where deterministic and recorded in the ledger.',
    detail: 'GPT Workbench',
    maxInputTokens: info.contextWindow - info.maxOutputTokens,
    maxOutputTokens: info.maxOutputTokens,
    capabilities: { imageInput: info.vision, toolCalling: info.toolCalling },
    isUserSelectable: true,
  };
}

function usable(info: ModelInfo): info is ModelInfo & { contextWindow: number; maxOutputTokens: number } {
  return (
    info.kind === 'chat' &&
    info.known &&
    info.available !== false &&
    info.contextWindow !== null &&
    info.maxOutputTokens !== null
  );
}

export function lmModelInformation(catalogue: ModelCatalogue): LmModelInformation[] {
  const models = catalogue.list('chat').filter(usable).map(describe);
  if (models.length === 0) return models;
  // `auto` may route to any of them: promise only what the smallest can take, and no images (the route may not see).
  const auto: LmModelInformation = {
    id: AUTO_MODEL,
    name: 'GPT Workbench Auto',
    family: AUTO_MODEL,
    version: 'routing',
    tooltip: 'Routes each request by its size and kind (gptWorkbench.models.routing) through GPT Workbench.',
    detail: 'GPT Workbench',
    maxInputTokens: Math.min(...models.map((m) => m.maxInputTokens)),
    maxOutputTokens: Math.min(...models.map((m) => m.maxOutputTokens)),
    capabilities: { imageInput: false, toolCalling: models.every((m) => m.capabilities.toolCalling) },
    isUserSelectable: true,
  };
  return [...models, auto];
}

// Our models in VS Code's own chat (its model picker, and `vscode.lm` for other extensions). A thin adapter: the
// core turns VS Code's messages into our draft (src/core/languageModels) and every request goes through the
// Workbench like our own features' (feature `vscode-chat`: redaction, routing, response cache, moderation, budget,
// retries, fallback, ledger). Text streams back as it arrives; tool calls follow once complete. A request the
// Workbench refuses (budget, moderation) or that fails ends with our wording as the error VS Code's chat shows.
import * as vscode from 'vscode';
import {
  LmRequestError,
  WorkbenchError,
  answerTail,
  countLmTokens,
  lmModelInformation,
  loadTokenCounter,
  toChatDraft,
  type LmMessage,
  type LmModelInformation,
  type ModelCatalogue,
  type Workbench,
  type WorkbenchChatOptions,
} from '../../core';
import { describeApiError } from '../failureButtons';

export const VSCODE_CHAT_FEATURE = 'vscode-chat';
/** package.json `contributes.languageModelChatProviders[].vendor`. */
export const LM_VENDOR = 'gpt-workbench';

export interface ChatProviderDeps {
  getWorkbench: () => Promise<Workbench>;
  /** The catalogue with the endpoint's model list (undefined without a key); `prompt` may offer Set API Key. */
  listCatalogue: (prompt: boolean) => Promise<ModelCatalogue | undefined>;
  /** Fires when the key, the endpoint or the endpoint's model list changes. */
  onDidChange: vscode.Event<void>;
  /** The catalogue as known now, for a model's facts at request time. */
  catalogue: () => ModelCatalogue;
}

const ROLES: Record<number, LmMessage['role']> = { 1: 'user', 2: 'assistant', 3: 'system' };

function toLmMessage(m: vscode.LanguageModelChatRequestMessage): LmMessage {
  return { role: ROLES[m.role] ?? 'user', content: m.content, ...(m.name ? { name: m.name } : {}) };
}

/** Budget over the limit: an error in the chat (with the way out in words), never a modal VS Code's chat waits on. */
const noBudgetModal: WorkbenchChatOptions['confirmBudget'] = async (decision) => decision.level !== 'block';

/** Our wording for a failure, with its next step named, as the error VS Code's chat shows. */
export function chatError(err: unknown): Error {
  if (err instanceof LmRequestError) return new Error(err.message);
  const shown = describeApiError(err, { title: 'GPT Workbench' });
  if (!shown) return new vscode.CancellationError();
  const steps = shown.actions.map((a) => a.label);
  const message = steps.length ? `${shown.message} (Next step: ${steps.join(' or ')}.)` : shown.message;
  if (err instanceof WorkbenchError) return vscode.LanguageModelError.Blocked(message);
  return new Error(message);
}

export class WorkbenchChatProvider implements vscode.LanguageModelChatProvider<vscode.LanguageModelChatInformation> {
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void>;

  constructor(private readonly deps: ChatProviderDeps) {
    this.onDidChangeLanguageModelChatInformation = deps.onDidChange;
  }

  async provideLanguageModelChatInformation(
    options: vscode.PrepareLanguageModelChatModelOptions,
  ): Promise<vscode.LanguageModelChatInformation[]> {
    const catalogue = await this.deps.listCatalogue(!options.silent);
    return catalogue ? lmModelInformation(catalogue).map(toInformation) : [];
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const info = this.deps.catalogue().get(model.id);
      const draft = toChatDraft(model.id, messages.map(toLmMessage), {
        tools: options.tools,
        toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
        vision: model.capabilities.imageInput === true && info.vision,
      });
      const workbench = await this.deps.getWorkbench();
      const result = await workbench.chat(draft, {
        feature: VSCODE_CHAT_FEATURE,
        signal: abort.signal,
        onDelta: (text) => progress.report(new vscode.LanguageModelTextPart(text)),
        confirmBudget: noBudgetModal,
      });
      for (const part of answerTail(result)) {
        progress.report(
          part.kind === 'text'
            ? new vscode.LanguageModelTextPart(part.text)
            : new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input),
        );
      }
    } catch (err) {
      throw chatError(err);
    } finally {
      cancel.dispose();
    }
  }

  async provideTokenCount(
    _model: vscode.LanguageModelChatInformation,
    text: string | vscode.LanguageModelChatRequestMessage,
  ): Promise<number> {
    const count = await loadTokenCounter();
    return countLmTokens(typeof text === 'string' ? text : toLmMessage(text), count);
  }
}

function toInformation(m: LmModelInformation): vscode.LanguageModelChatInformation {
  return { ...m, capabilities: { ...m.capabilities } };
}

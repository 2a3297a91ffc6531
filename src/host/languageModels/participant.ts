// `@workbench` in VS Code's chat: the same tasks as our commands, answered in that chat. /explain streams the
// explanation Explain Selection gives (same task, same prompt, same ledger feature `task.explain`), /refactor and
// /extract run Refactor Selection and Extract Structured Data (diff with Apply / Discard, the data beside), /search
// runs Semantic Search… over the workspace index (searchCommand.ts), /usage shows today's and this month's spend. Anything else is a question answered through the Workbench (`vscode-chat`).
// The code it used is listed as a reference; each answer offers the natural next step as a follow-up.
import * as vscode from 'vscode';
import {
  DEFAULT_REFACTOR_INSTRUCTION,
  EXTRACT_PRESET_IDS,
  parseCodeLocation,
  spendReportMarkdown,
  type Workbench,
} from '../../core';
import { COMMANDS } from '../commandIds';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { readBudgetLimits } from '../config';
import type { WorkbenchService } from '../workbench/workbenchService';
import { CodeCommands, type CodeTaskArgs, type ExplanationView } from '../tasks/codeCommands';
import type { TaskFeature } from '../tasks/registerTasks';
import type { IndexService } from '../workspaceIndex/indexService';
import { chatError, LM_VENDOR, VSCODE_CHAT_FEATURE } from './chatProvider';
import { answerSearch } from './searchCommand';

export const PARTICIPANT_ID = 'gptWorkbench.workbench';

export interface ParticipantDeps {
  tasks: TaskFeature;
  service: WorkbenchService;
  getWorkbench: () => Promise<Workbench>;
  index: IndexService;
}

interface Answer {
  command: string;
  /** The code the answer is about, listed as the response's reference. */
  location?: vscode.Location | vscode.Uri;
  /** /search: the top hit as `path:start-end`, what "Explain the top result" explains. */
  top?: string;
}

/**
 * The code a request points at: a `#file` / `#selection` reference, else a `path:start-end` prompt (how a /search
 * follow-up names its top hit, as the index writes paths), else the active editor's selection.
 */
function targetOf(request: vscode.ChatRequest): CodeTaskArgs {
  for (const ref of request.references) {
    if (ref.value instanceof vscode.Location) return { uri: ref.value.uri, range: ref.value.range };
    if (ref.value instanceof vscode.Uri) return { uri: ref.value };
  }
  const named = parseCodeLocation(request.prompt);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (named && folders.length > 0) {
    // With several folders the index's paths start with the folder's name.
    const owner = folders.length > 1 ? folders.find((f) => named.path.startsWith(`${f.name}/`)) : undefined;
    const rel = owner ? named.path.slice(owner.name.length + 1) : named.path;
    const end = new vscode.Position(named.endLine - 1, Number.MAX_SAFE_INTEGER);
    return {
      uri: vscode.Uri.joinPath((owner ?? folders[0]!).uri, rel),
      range: new vscode.Range(new vscode.Position(named.startLine - 1, 0), end),
    };
  }
  return {};
}

/** Month-to-date ledger entries, the range /usage and the usage tool report on. */
export async function monthEntries(service: WorkbenchService, now = new Date()) {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return service.ledger.readRange(monthStart, new Date(now.getTime() + 86_400_000));
}

export async function spendReport(service: WorkbenchService): Promise<string> {
  const now = new Date();
  return spendReportMarkdown(await monthEntries(service, now), now, {
    ledgerDir: service.ledger.dir,
    ...readBudgetLimits(),
  });
}

export class WorkbenchParticipant {
  constructor(private readonly deps: ParticipantDeps) {}

  handle: vscode.ChatRequestHandler = async (request, context, stream, token) => {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const answer = await this.route(request, context, stream, abort.signal);
      if (answer.location) stream.reference(answer.location);
      return { metadata: { command: answer.command, ...(answer.top ? { top: answer.top } : {}) } };
    } catch (err) {
      return { errorDetails: { message: chatError(err).message } };
    } finally {
      cancel.dispose();
    }
  };

  followups: vscode.ChatFollowupProvider = {
    provideFollowups: (result) => {
      const { command, top } = (result.metadata ?? {}) as { command?: string; top?: string };
      const usage = { prompt: 'What did that cost?', command: 'usage', label: 'What did that cost?' };
      if (command === 'explain')
        return [{ prompt: DEFAULT_REFACTOR_INSTRUCTION, command: 'refactor' }, usage];
      if (command === 'usage') return [{ prompt: '', command: 'explain', label: 'Explain the selection' }];
      if (command === 'search' && top)
        return [{ prompt: top, command: 'explain', label: 'Explain the top result' }];
      if (command === 'refactor' || command === 'extract' || command === 'ask') return [usage];
      return [];
    },
  };

  private async route(
    request: vscode.ChatRequest,
    context: vscode.ChatContext,
    stream: vscode.ChatResponseStream,
    signal: AbortSignal,
  ): Promise<Answer> {
    switch (request.command) {
      case 'explain':
        return this.explain(request, stream, signal);
      case 'refactor':
        return this.refactor(request, stream);
      case 'extract':
        return this.extract(request, stream);
      case 'search':
        return answerSearch(this.deps.index, request.prompt, stream, signal);
      case 'usage':
        stream.markdown(await spendReport(this.deps.service));
        return { command: 'usage' };
      default:
        return this.ask(request, context, stream, signal);
    }
  }

  private async explain(
    request: vscode.ChatRequest,
    stream: vscode.ChatResponseStream,
    signal: AbortSignal,
  ): Promise<Answer> {
    let failure: unknown;
    // Explain Selection's own command object, with this chat response as the place the explanation streams to.
    const view: ExplanationView = {
      async showTaskTurn(_prompt, model, answer) {
        stream.progress(`Explaining with ${model} through GPT Workbench…`);
        try {
          await answer((markdown) => stream.markdown(markdown), signal);
        } catch (err) {
          failure = err;
        }
      },
    };
    const { services, proposals } = this.deps.tasks;
    const outcome = await new CodeCommands(services, proposals, view).explain(targetOf(request));
    if (failure) throw failure;
    if (!outcome) {
      stream.markdown('Open a file and select some code (or put the cursor in a function), then ask again.');
      return { command: 'explain' };
    }
    return { command: 'explain', location: outcome.location };
  }

  private async refactor(request: vscode.ChatRequest, stream: vscode.ChatResponseStream): Promise<Answer> {
    const instruction = request.prompt.trim() || DEFAULT_REFACTOR_INSTRUCTION;
    stream.progress(`Refactoring: ${instruction}`);
    const id = await this.deps.tasks.code.refactor({ ...targetOf(request), instruction });
    if (!id) {
      stream.markdown('No proposal: select the code to change and ask again (any error was shown beside).');
      return { command: 'refactor' };
    }
    const proposal = this.deps.tasks.proposals.resolve(id);
    stream.markdown('The proposal is open in a diff editor. Nothing changes until you apply it.\n\n');
    stream.button({ command: COMMANDS.applyProposal, title: 'Apply Proposal', arguments: [id] });
    stream.button({ command: COMMANDS.discardProposal, title: 'Discard', arguments: [id] });
    return { command: 'refactor', ...(proposal ? { location: proposal.documentUri } : {}) };
  }

  private async extract(request: vscode.ChatRequest, stream: vscode.ChatResponseStream): Promise<Answer> {
    const prompt = request.prompt.trim();
    const preset = (EXTRACT_PRESET_IDS as readonly string[]).find((id) => id === prompt);
    const what = !prompt ? undefined : (preset ?? `describe:${prompt}`);
    const outcome = await this.deps.tasks.extract.run({ ...targetOf(request), ...(what ? { what } : {}) });
    if (!outcome) {
      stream.markdown('Nothing extracted: open a file (and say what to extract) and ask again.');
      return { command: 'extract' };
    }
    const json = JSON.stringify(outcome.value, null, 2);
    stream.markdown(
      `Extracted (also opened beside as ${outcome.format.toUpperCase()}):\n\n\`\`\`json\n${json}\n\`\`\`\n`,
    );
    return { command: 'extract' };
  }

  /** A plain question: this conversation's turns with @workbench, through the Workbench with our chat model. */
  private async ask(
    request: vscode.ChatRequest,
    context: vscode.ChatContext,
    stream: vscode.ChatResponseStream,
    signal: AbortSignal,
  ): Promise<Answer> {
    const messages: ChatCompletionMessageParam[] = [];
    for (const turn of context.history) {
      if (turn instanceof vscode.ChatRequestTurn && !turn.command) {
        messages.push({ role: 'user', content: turn.prompt });
      } else if (turn instanceof vscode.ChatResponseTurn && !turn.command) {
        const text = turn.response
          .map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : ''))
          .join('');
        if (text) messages.push({ role: 'assistant', content: text });
      }
    }
    messages.push({ role: 'user', content: request.prompt });
    const workbench = await this.deps.getWorkbench();
    // The model picked in VS Code's chat when it is one of ours; otherwise (another vendor's) our chat model setting.
    const model = request.model?.vendor === LM_VENDOR ? request.model.id : undefined;
    const result = await workbench.chat(
      { messages, ...(model ? { model } : {}) },
      { feature: VSCODE_CHAT_FEATURE, signal, onDelta: (text) => stream.markdown(text) },
    );
    if (result.refusal) stream.markdown(`The model refused: ${result.refusal}`);
    return { command: 'ask' };
  }
}

// Function calling in the chat: which tools a conversation offers (its toggles), the approvals waiting for the
// user's click in the view (Approve / Reject / Approve for this chat), and the chat backend that runs a turn
// through runToolLoop when tools are on — each call shown in the view as it starts, waits and ends.
import type { ToolApprovalView, ToolCallView, ToolDecision } from '../../shared/protocol';
import type { ChatBackend, ChatTurnRequest, ChatTurnResult } from '../chat/turnBackend';
import type { PreparedRequest, Workbench } from '../workbench';
import { runToolLoop } from './loop';
import { previewOf } from './results';
import { wireName } from './wireNames';
import type { ApprovalDecision, ApprovalRequest, FileEdit, ToolDefinition, ToolLoopEvent } from './types';

export interface ChatToolSettings {
  /** `gptWorkbench.tools.enabled`: off = plain chat turns. */
  enabled: boolean;
  maxRounds: number;
  parallelism: number;
  resultLimit: number;
}

export interface ChatToolsHost {
  /** Every tool that may be offered now (built-ins, MCP servers), after settings and Restricted Mode. */
  available(signal?: AbortSignal): Promise<ToolDefinition[]>;
  settings(): ChatToolSettings;
  /** What an approval is about, in words for the view; may open a diff of the proposed change. */
  describe(request: ApprovalRequest): Promise<ToolApprovalView>;
}

interface Pending {
  conversationId: string;
  request: ApprovalRequest;
  resolve: (decision: ApprovalDecision) => void;
}

const key = (turnId: string, callId: string): string => `${turnId}\n${callId}`;

export class ChatTools {
  private readonly disabled = new Map<string, Set<string>>();
  private readonly approvedForChat = new Map<string, Set<string>>();
  private readonly pending = new Map<string, Pending>();

  constructor(readonly host: ChatToolsHost) {}

  isEnabled(conversationId: string, name: string): boolean {
    const off = this.disabled.get(conversationId);
    return !off || (!off.has(name) && !off.has(`${name.split('.')[0]}.*`));
  }

  setEnabled(conversationId: string, name: string, enabled: boolean): void {
    let off = this.disabled.get(conversationId);
    if (!off) this.disabled.set(conversationId, (off = new Set()));
    if (enabled) off.delete(name);
    else off.add(name);
  }

  /** The tools this conversation offers on its next turn. */
  async offered(conversationId: string, signal?: AbortSignal): Promise<ToolDefinition[]> {
    if (!this.host.settings().enabled) return [];
    const tools = await this.host.available(signal);
    return tools.filter((t) => this.isEnabled(conversationId, t.name));
  }

  /** A click in the view. False when nothing waits under that id (an old card, a forged message). */
  decide(turnId: string, callId: string, decision: ToolDecision): boolean {
    const waiting = this.pending.get(key(turnId, callId));
    if (!waiting) return false;
    this.pending.delete(key(turnId, callId));
    const { tool } = waiting.request;
    if (decision === 'approveChat' && allowsForChat(tool)) {
      let set = this.approvedForChat.get(waiting.conversationId);
      if (!set) this.approvedForChat.set(waiting.conversationId, (set = new Set()));
      set.add(tool.name);
    }
    waiting.resolve(decision !== 'reject');
    return true;
  }

  /** The chat backend: plain workbench.chat without tools, the tool loop with them. */
  backend(getWorkbench: () => Promise<Workbench>, plain: ChatBackend): ChatBackend {
    return async (request) => {
      const turn = request.turn;
      if (!turn) return plain(request);
      const tools = await this.offered(turn.conversationId, request.signal);
      if (tools.length === 0) return plain(request);
      return this.runTurn(await getWorkbench(), tools, request, turn);
    };
  }

  private async runTurn(
    workbench: Workbench,
    tools: ToolDefinition[],
    request: ChatTurnRequest,
    turn: NonNullable<ChatTurnRequest['turn']>,
  ): Promise<ChatTurnResult> {
    const settings = this.host.settings();
    const views = new Map<string, ToolCallView>();
    const edits: FileEdit[] = [];
    const show = (view: ToolCallView): void => {
      views.set(view.id, view);
      turn.post({ type: 'toolCall', turnId: turn.id, call: view });
    };
    const onEvent = (e: ToolLoopEvent): void => {
      if (e.type === 'delta') request.onDelta(e.text);
      else if (e.type === 'toolCall')
        show({
          id: e.id,
          round: e.round,
          name: toolName(tools, e.name),
          args: e.arguments,
          status: 'running',
        });
      else if (e.type === 'toolResult') {
        const r = e.record;
        show({
          id: r.id,
          round: r.round,
          name: r.name,
          args: r.arguments,
          status: r.ok ? 'done' : r.approval === 'rejected' ? 'rejected' : 'error',
          durationMs: Math.round(r.durationMs),
          preview: previewOf(r.display),
          result: r.display.slice(0, settings.resultLimit),
        });
      } else if (e.type === 'roundLimit') turn.post({ type: 'turnNote', turnId: turn.id, text: e.message });
    };
    // The view hears once what the first round withheld and left out; later rounds only add tool messages.
    let prepared = false;
    const onPrepared = (p: PreparedRequest): void => {
      if (prepared) return;
      prepared = true;
      request.onPrepared?.(p);
    };
    try {
      const result = await runToolLoop({
        workbench,
        draft: {
          model: request.model,
          messages: request.messages,
          kind: 'chat',
          ...(request.responseFormat ? { response_format: { type: request.responseFormat } } : {}),
        },
        chatOptions: { fitContext: true, onPrepared },
        tools,
        turnId: turn.id,
        maxRounds: settings.maxRounds,
        parallelism: settings.parallelism,
        resultLimit: settings.resultLimit,
        readsImages: request.readsImages === true,
        signal: request.signal,
        onEvent,
        onEdit: (edit) => edits.push(edit),
        approve: (req) => this.ask(req, turn.conversationId, views, show),
      });
      const u = result.totals.usage;
      return {
        model: result.model,
        usage: { prompt: u.promptTokens, cached: u.cachedTokens, completion: u.completionTokens },
        ...(result.timeToFirstTokenMs !== undefined ? { ttftMs: result.timeToFirstTokenMs } : {}),
        rounds: result.totals.rounds,
        costUsd: result.totals.costUsd,
        toolCalls: [...views.values()],
        edits,
        ...(result.roundLimit ? { note: result.roundLimit } : {}),
      };
    } finally {
      for (const [k, p] of this.pending) if (p.request.turnId === turn.id) this.pending.delete(k);
    }
  }

  private async ask(
    request: ApprovalRequest,
    conversationId: string,
    views: Map<string, ToolCallView>,
    show: (view: ToolCallView) => void,
  ): Promise<ApprovalDecision> {
    if (allowsForChat(request.tool) && this.approvedForChat.get(conversationId)?.has(request.tool.name))
      return true;
    const described = await this.host.describe(request);
    const approval = { ...described, allowForChat: described.allowForChat && allowsForChat(request.tool) };
    const base = views.get(request.call.id);
    show({
      id: request.call.id,
      round: request.round,
      name: request.tool.name,
      args: request.call.arguments,
      ...(base ?? {}),
      status: 'awaiting',
      approval,
    });
    return new Promise<ApprovalDecision>((resolve) => {
      this.pending.set(key(request.turnId, request.call.id), { conversationId, request, resolve });
    });
  }
}

/** "Approve for this chat" never covers writes or commands: those are approved call by call. */
function allowsForChat(tool: ToolDefinition): boolean {
  return tool.kind === 'read' || tool.kind === 'external';
}

function toolName(tools: readonly ToolDefinition[], wire: string): string {
  return tools.find((t) => wireName(t.name) === wire)?.name ?? wire;
}

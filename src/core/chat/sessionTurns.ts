// How a chat session's turns are run: the TurnRunner with the session's system prompt, response format, image
// rule, failure words (and the buttons offered with them) and the `@workspace` search before each request. Kept
// apart from the session so that it holds the conversation state and the runner holds the turn.
import type { HostToWebview } from '../../shared/protocol';
import type { Conversation } from '../history/types';
import type { WorkspaceIndex } from '../workspaceIndex/workspaceIndex';
import type { ChatModels } from './chatModels';
import type { ChatPort } from './chatPort';
import { TurnRunner } from './chatTurn';
import type { MessageActions } from './messageActions';
import { presentFailure } from './offeredActions';
import { chatSystemPrompt } from './systemPrompt';
import type { ChatBackend } from './turnBackend';
import { prepareWorkspaceQuestion } from './workspaceContext';

export interface SessionTurnDeps {
  port: ChatPort;
  backend: ChatBackend;
  models: ChatModels;
  actions: MessageActions;
  post: (message: HostToWebview) => void;
  retry: () => Promise<void>;
  saveIntervalMs?: number;
  workspaceIndex?: () => Promise<WorkspaceIndex | undefined>;
}

export function sessionTurns(deps: SessionTurnDeps): TurnRunner {
  const { port, actions } = deps;
  return new TurnRunner({
    backend: deps.backend,
    post: deps.post,
    save: (c) => port.history.save(c),
    systemPrompt: () => chatSystemPrompt(port.settings().systemPrompt, port.settings().responseFormat),
    responseFormat: () => port.settings().responseFormat ?? 'text',
    takesImages: (model) => deps.models.takesImages(model),
    saveIntervalMs: deps.saveIntervalMs,
    describeError: (err, turnId) => {
      const { failure, offered } = presentFailure(
        err,
        port.presentFailure(err, () => deps.retry()),
      );
      actions.remember(turnId, offered);
      return failure;
    },
    actionsOf: (conversation, message) => actions.of(conversation, message, false),
    beforeRequest: (conversation: Conversation, signal) =>
      prepareWorkspaceQuestion(
        [...conversation.messages].reverse().find((m) => m.role === 'user'),
        deps.workspaceIndex,
        signal,
      ),
  });
}

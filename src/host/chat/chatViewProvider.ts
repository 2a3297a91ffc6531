// The "Chat" WebviewView: fills the webview with the policy-guarded HTML, restricts it to media/, and relays
// checked messages to the session. No retainContextWhenHidden: when the view is hidden its page is dropped, and
// on the next show it says `ready` and is sent a snapshot (plus its own getState for draft and scroll).
import * as vscode from 'vscode';
import { typedPost, type HostToWebview } from '../../shared/protocol';
import { isWebviewToHost } from '../../shared/protocolGuards';
import type { WorkbenchLog } from '../log';
import { buildChatHtml, createNonce } from './chatHtml';
import type { ChatSession } from '../../core';
import type { WelcomeSource } from './welcomeSource';

export const CHAT_VIEW_ID = 'gptWorkbench.chat';
/** Set once the user has sent a chat message in this window; the walkthrough's chat step waits for it. */
export const CHAT_ASKED_CONTEXT = 'gptWorkbench.walkthrough.chatAsked';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** Resolves whenever a view instance has said `ready` (tests and commands wait on it). */
  private readyWaiters: (() => void)[] = [];
  private ready = false;
  private readonly posted = new vscode.EventEmitter<HostToWebview>();
  /** Fires with every message posted to the page, after it was posted. */
  readonly onDidPostMessage = this.posted.event;

  /** The sink of the page that said `ready` last, for the welcome's updates. */
  private readySink: ((message: HostToWebview) => void) | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly log: WorkbenchLog,
    private readonly welcome?: WelcomeSource,
  ) {
    welcome?.onDidChange(() => this.readySink && this.sendWelcome(this.readySink));
  }

  /** The empty chat's welcome, sent on every `ready` (a new page) and whenever the key or endpoint changes. */
  private sendWelcome(sink: (message: HostToWebview) => void): void {
    this.readySink = sink;
    if (!this.welcome) return;
    this.welcome.current().then(
      (welcome) => sink({ type: 'welcome', welcome }),
      (err: unknown) => this.log.error('Building the chat welcome failed', err),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    view.webview.html = buildChatHtml({
      cspSource: view.webview.cspSource,
      nonce: createNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'chat.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.css')).toString(),
      codiconUri: view.webview
        .asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'codicons', 'codicon.css'))
        .toString(),
    });
    const post = typedPost<HostToWebview>(view.webview);
    const sink = (message: HostToWebview): void => {
      post(message);
      this.posted.fire(message);
    };
    const subscription = view.webview.onDidReceiveMessage((raw: unknown) => {
      if (!isWebviewToHost(raw)) {
        this.log.warn('Chat view sent a malformed message; ignored.');
        return;
      }
      if (raw.type === 'ready') {
        this.ready = true;
        void this.session.attach(sink).then(() => this.readyWaiters.splice(0).forEach((w) => w()));
        this.sendWelcome(sink);
        return;
      }
      if (raw.type === 'welcomeAction') {
        void this.welcome?.run(raw.command, raw.args);
        return;
      }
      // The walkthrough's "Ask in the chat" step completes on this context key.
      if (raw.type === 'send') void vscode.commands.executeCommand('setContext', CHAT_ASKED_CONTEXT, true);
      this.session.handle(raw).catch((err: unknown) => this.log.error('Chat action failed', err));
    });
    // Hidden = the page is destroyed (not retained): stop posting into the void and queue user-facing messages;
    // the page that comes back says `ready` and gets a fresh snapshot.
    const visibility = view.onDidChangeVisibility(() => {
      if (!view.visible && this.view === view) {
        this.ready = false;
        void this.session.attach(undefined);
      }
    });
    view.onDidDispose(() => {
      subscription.dispose();
      visibility.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
        void this.session.attach(undefined);
      }
    });
  }

  dispose(): void {
    this.posted.dispose();
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Shows the view (creating it if needed) and waits until its page is ready. */
  async reveal(timeoutMs = 15_000): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (this.ready) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = (): void => {
        clearTimeout(timer);
        resolve();
      };
      // A timed-out waiter is taken out again, so failed reveals do not pile up until the next `ready`.
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(new Error('The chat view did not become ready'));
      }, timeoutMs);
      this.readyWaiters.push(waiter);
    });
  }
}

/** What the chat view was sent, in order, from now on (the extension's test API keeps one of these). */
export function recordChatView(
  provider: Pick<ChatViewProvider, 'onDidPostMessage'>,
  subscriptions: vscode.Disposable[],
): { readonly sent: readonly HostToWebview[] } {
  const sent: HostToWebview[] = [];
  subscriptions.push(provider.onDidPostMessage((message) => sent.push(message)));
  return { sent };
}

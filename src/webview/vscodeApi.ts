// The webview's side of the transport: a typed post() to the host, and the persisted view state VS Code keeps
// while the view is hidden or the window reloads (the view is not retained when hidden, so this plus the host's
// snapshot is how it comes back as it was).
import type { WebviewToHost } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface ViewState {
  draft: string;
  scrollTop: number;
  /** True when the scroll position was at the bottom (then the view follows new text). */
  atBottom: boolean;
  listOpen: boolean;
}

const DEFAULT_STATE: ViewState = { draft: '', scrollTop: 0, atBottom: true, listOpen: false };

export interface HostBridge {
  post(message: WebviewToHost): void;
  getState(): ViewState;
  setState(patch: Partial<ViewState>): void;
}

export function connectToHost(): HostBridge {
  const api = acquireVsCodeApi();
  let state: ViewState = { ...DEFAULT_STATE, ...(asState(api.getState()) ?? {}) };
  return {
    post: (message) => api.postMessage(message),
    getState: () => state,
    setState(patch) {
      state = { ...state, ...patch };
      api.setState(state);
    },
  };
}

function asState(v: unknown): Partial<ViewState> | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Record<string, unknown>;
  const out: Partial<ViewState> = {};
  if (typeof s.draft === 'string') out.draft = s.draft;
  if (typeof s.scrollTop === 'number') out.scrollTop = s.scrollTop;
  if (typeof s.atBottom === 'boolean') out.atBottom = s.atBottom;
  if (typeof s.listOpen === 'boolean') out.listOpen = s.listOpen;
  return out;
}

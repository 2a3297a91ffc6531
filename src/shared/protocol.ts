// Every message between the extension host and the chat webview: one discriminated union per direction.
// (Filled in by the chat view.)
export type HostToWebview = { type: 'snapshot' };
export type WebviewToHost = { type: 'ready' };

// The chat webview's HTML, built in one place so the security policy is too. Content-Security-Policy:
// nothing by default; scripts only with this load's nonce (so no inline script or injected <script> can run);
// styles and images only from the extension's own media (webview.cspSource), plus data: images for attachments.
// No connect/frame/form sources: the webview talks to nothing but the host, through postMessage.
import { randomBytes } from 'node:crypto';

export interface ChatHtmlOptions {
  /** `webview.cspSource` of the view being filled. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of media/dist/chat.js, media/chat.css and media/dist/codicons/codicon.css. */
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  /** A fresh nonce for this load (createNonce()). */
  nonce: string;
}

/** 128 random bits, base64: unguessable by content the page renders. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function buildChatHtml(options: ChatHtmlOptions): string {
  const attr = (value: string): string =>
    value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(options.codiconUri)}">
<link rel="stylesheet" href="${attr(options.styleUri)}">
<title>GPT Workbench Chat</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attr(options.nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>`;
}

// Public face of the chat view's markdown rendering: `renderMarkdown` for a whole text and
// `createStreamingRenderer` for an answer that arrives in chunks (same output once finished).
export { renderMarkdown, renderUserMarkdown, createPurifier } from './markdownRender';
export { createStreamingRenderer } from './streamingRenderer';
export type { StreamingRenderer, StreamingRendererOptions } from './streamingRenderer';
export { CODE_ACTIONS } from './codeBlocks';
export type { LinkKind } from './markdownLinks';
export { classifyLink } from './markdownLinks';

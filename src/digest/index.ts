export { DigestTemplateError } from './compile.js';
export { loadDigestTemplates } from './load-templates.js';
export {
  type DigestPreview,
  type PreviewInput,
  previewDigest,
  previewRecipient,
} from './preview.js';
export {
  createDigestRenderer,
  type DigestRenderer,
  type DigestRendererOptions,
  type LayoutMode,
} from './render.js';
export { contentKey, digestIdOf, type SelectDigestInput, selectDigest } from './select.js';
export type {
  DigestRecipient,
  DigestSelection,
  DigestSubscriber,
  DigestTemplates,
  FilledPart,
  RenderedDigest,
  UnaddressedDigest,
} from './types.js';
export type { DigestView } from './view.js';

// What the chat accepts for a model choice and for images: a stored model outside the picker falls back to the
// default, and images are checked again on the host (the webview is not trusted) for vision support and size.
import {
  CHAT_MODELS,
  DEFAULT_CHAT_MODEL,
  MAX_IMAGE_BYTES,
  isVisionModel,
  type ChatModelChoice,
  type ImageAttachment,
} from '../../shared/protocol';

export function asChoice(model: string): ChatModelChoice {
  return (CHAT_MODELS as readonly string[]).includes(model) ? (model as ChatModelChoice) : DEFAULT_CHAT_MODEL;
}

/** The host checks what the webview checked: the webview is not trusted. */
export function imageRefusal(images: readonly ImageAttachment[], model: string): string | null {
  if (images.length === 0) return null;
  if (!isVisionModel(model)) {
    return `${model} cannot read images. Choose a vision model (gpt-4o, the gpt-4.1 family, o3 or o4-mini), or remove the image.`;
  }
  for (const image of images) {
    // base64 carries 3 bytes in 4 characters: measure the payload itself, not the size the webview claimed.
    const payload = image.dataUrl.slice(image.dataUrl.indexOf(',') + 1);
    if ((payload.length * 3) / 4 > MAX_IMAGE_BYTES) {
      return `"${image.name}" is larger than ${MAX_IMAGE_BYTES / (1024 * 1024)} MB and was not sent.`;
    }
  }
  return null;
}

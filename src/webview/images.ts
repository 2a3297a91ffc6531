// Reading images the user pastes, drops or attaches into data URLs, refusing what the chosen model or the size
// cap does not allow before anything is sent (the host checks again: the webview is not trusted). Which models read
// images is the host's word (the picker's `vision`), never guessed here.
import { MAX_IMAGE_BYTES, type ChatModelOption, type ImageAttachment } from '../shared/protocol';

/** The chosen model and the picker it came from (to name the models that do read images). */
export interface ModelContext {
  model: ChatModelOption | undefined;
  models: readonly ChatModelOption[];
}

const ACCEPTED = /^image\/(png|jpeg|gif|webp)$/;

export type ImageResult = { ok: true; image: ImageAttachment } | { ok: false; reason: string };

export function refusalFor(file: File, { model, models }: ModelContext): string | null {
  if (!model?.vision) {
    const vision = models.filter((m) => m.vision).map((m) => m.id);
    const choose = vision.length ? `Choose a vision model (${vision.join(', ')})` : 'Choose a vision model';
    return `${model?.id ?? 'This model'} cannot read images. ${choose} to attach "${file.name}".`;
  }
  if (!ACCEPTED.test(file.type)) return `"${file.name}" is not a PNG, JPEG, GIF or WebP image.`;
  if (file.size > MAX_IMAGE_BYTES) {
    const mb = (file.size / (1024 * 1024)).toFixed(1);
    return `"${file.name}" is ${mb} MB; images are limited to ${MAX_IMAGE_BYTES / (1024 * 1024)} MB.`;
  }
  return null;
}

export async function readImage(file: File, model: ModelContext): Promise<ImageResult> {
  const reason = refusalFor(file, model);
  if (reason) return { ok: false, reason };
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
  return { ok: true, image: { name: file.name || 'pasted image', dataUrl, bytes: file.size } };
}

/** Image files out of a paste or drop (other items, like text, are left to the default handling). */
export function imageFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  return [...data.files].filter((f) => f.type.startsWith('image/'));
}

// What the chat knows about models, all of it from the catalogue: the picker (the catalogue's chat models that the
// endpoint's GET /v1/models lists, plus the configured default and the models named in settings, then `auto`) and
// which models read images. `auto` is routed by the Workbench, not here; the chat only asks which models `auto` may
// pick (routeCandidates) to know whether images can go with it.
import { MAX_IMAGE_BYTES, type ChatModelOption, type ImageAttachment } from '../../shared/protocol';
import { priceSummary } from '../cost/cost';
import { ModelCatalogue, DEFAULT_MODEL, priceClass } from '../models/catalogue';
import { AUTO_MODEL, routeCandidates, type RouteRule } from '../models/router';

export interface ChatModelSources {
  /** The host's catalogue (built-ins + price overrides + the endpoint's model list); default: built-ins. */
  catalogue?: () => ModelCatalogue;
  /** Read on every use, so a settings change applies without a reload. */
  settings: () => {
    defaultModel: string;
    routeRules?: readonly RouteRule[];
    /** Models named in settings (fallbacks, price overrides): offered even when the endpoint's list lacks them. */
    models?: readonly string[];
  };
}

export class ChatModels {
  private readonly builtIn = new ModelCatalogue();

  constructor(private readonly sources: ChatModelSources) {}

  private catalogue(): ModelCatalogue {
    return this.sources.catalogue?.() ?? this.builtIn;
  }

  /** The models `auto` may answer with, by the routing setting. */
  autoCandidates(): string[] {
    return routeCandidates('chat', this.sources.settings().routeRules);
  }

  /** The picker, in order: catalogue models, then the default and settings' models not among them, then `auto`. */
  options(): ChatModelOption[] {
    const catalogue = this.catalogue();
    const settings = this.sources.settings();
    // Known = described by the catalogue (built-in or overridden); the endpoint's list also names image, audio and
    // embedding models the catalogue cannot tell apart from chat ones, so those stay out unless named in settings.
    const ids = catalogue
      .list('chat')
      .filter((m) => m.known && m.available !== false)
      .map((m) => m.id);
    for (const id of [settings.defaultModel, ...(settings.models ?? [])])
      if (id && id !== AUTO_MODEL && !ids.includes(id)) ids.push(id);
    const options: ChatModelOption[] = ids.map((id) => {
      const info = catalogue.get(id);
      return {
        id,
        label: id,
        vision: info.vision,
        priceClass: priceClass(info),
        priceDetail: priceSummary(info.price),
      };
    });
    options.push({ id: AUTO_MODEL, label: 'auto (route by request)', vision: this.takesImages(AUTO_MODEL) });
    return options;
  }

  /** The model a conversation shows: its own when the picker offers it, else the configured default. */
  choice(model: string | undefined, options = this.options()): string {
    if (model && options.some((o) => o.id === model)) return model;
    const fallback = this.sources.settings().defaultModel || DEFAULT_MODEL;
    return options.some((o) => o.id === fallback) ? fallback : options[0]!.id;
  }

  /** Images go only to vision models; `auto` only when every model it may pick reads them. */
  takesImages(model: string): boolean {
    const catalogue = this.catalogue();
    const models = model === AUTO_MODEL ? this.autoCandidates() : [model];
    return models.every((m) => catalogue.get(m).vision);
  }

  /** Why these images cannot go with `model` (the host checks what the webview checked: it is not trusted). */
  imageRefusal(images: readonly ImageAttachment[], model: string): string | null {
    if (images.length === 0) return null;
    if (!this.takesImages(model)) return cannotReadImages(model, this.options());
    for (const image of images) {
      // base64 carries 3 bytes in 4 characters: measure the payload itself, not the size the webview claimed.
      const payload = image.dataUrl.slice(image.dataUrl.indexOf(',') + 1);
      if ((payload.length * 3) / 4 > MAX_IMAGE_BYTES) {
        return `"${image.name}" is larger than ${MAX_IMAGE_BYTES / (1024 * 1024)} MB and was not sent.`;
      }
    }
    return null;
  }
}

/** "auto cannot read images. Choose a vision model (gpt-4.1, gpt-4o), or remove the image." */
export function cannotReadImages(model: string, options: readonly ChatModelOption[]): string {
  const vision = options.filter((o) => o.vision && o.id !== AUTO_MODEL).map((o) => o.id);
  const choose = vision.length > 0 ? `Choose a vision model (${vision.join(', ')})` : 'Choose a vision model';
  return `${model} cannot read images. ${choose}, or remove the image.`;
}

// The models the fake knows. Any other model id gets 404 model_not_found, like an account without access.

export interface ModelInfo {
  id: string;
  /** What responses name as `model`: the dated snapshot the alias points at. */
  snapshot: string;
  kind: 'chat' | 'embedding' | 'moderation';
  created: number;
  owned_by: string;
}

export const MODELS: readonly ModelInfo[] = [
  { id: 'gpt-4.1', snapshot: 'gpt-4.1-2025-04-14', kind: 'chat', created: 1744316542, owned_by: 'system' },
  {
    id: 'gpt-4.1-mini',
    snapshot: 'gpt-4.1-mini-2025-04-14',
    kind: 'chat',
    created: 1744318173,
    owned_by: 'system',
  },
  {
    id: 'gpt-4.1-nano',
    snapshot: 'gpt-4.1-nano-2025-04-14',
    kind: 'chat',
    created: 1744321707,
    owned_by: 'system',
  },
  { id: 'gpt-4o', snapshot: 'gpt-4o-2024-08-06', kind: 'chat', created: 1715367049, owned_by: 'system' },
  {
    id: 'gpt-4o-mini',
    snapshot: 'gpt-4o-mini-2024-07-18',
    kind: 'chat',
    created: 1721172741,
    owned_by: 'system',
  },
  { id: 'o3', snapshot: 'o3-2025-04-16', kind: 'chat', created: 1744225308, owned_by: 'system' },
  { id: 'o4-mini', snapshot: 'o4-mini-2025-04-16', kind: 'chat', created: 1744225351, owned_by: 'system' },
  {
    id: 'text-embedding-3-small',
    snapshot: 'text-embedding-3-small',
    kind: 'embedding',
    created: 1705948997,
    owned_by: 'system',
  },
  {
    id: 'text-embedding-3-large',
    snapshot: 'text-embedding-3-large',
    kind: 'embedding',
    created: 1705953180,
    owned_by: 'system',
  },
  {
    id: 'omni-moderation-latest',
    snapshot: 'omni-moderation-2024-09-26',
    kind: 'moderation',
    created: 1731689265,
    owned_by: 'system',
  },
];

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

/** o-series models reason: they report reasoning tokens and refuse some sampling parameters. */
export function isReasoningModel(id: string): boolean {
  return id.startsWith('o') && !id.startsWith('omni');
}

export function modelObject(m: ModelInfo): {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
} {
  return { id: m.id, object: 'model', created: m.created, owned_by: m.owned_by };
}

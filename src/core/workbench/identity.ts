// Which account a request goes to, as one opaque string: the response cache keys on it, so two accounts (or an
// organization and a project) on one machine are never served each other's answers. The key only enters as a
// hash, never as itself.
import { createHash } from 'node:crypto';

export interface IdentitySource {
  apiKey?: unknown;
  organization?: string | null;
  project?: string | null;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function endpointIdentity(client: IdentitySource, baseURL: string): string {
  const key = typeof client.apiKey === 'string' ? client.apiKey : '';
  return sha256(
    JSON.stringify({
      baseURL: baseURL.replace(/\/+$/, ''),
      organization: client.organization ?? null,
      project: client.project ?? null,
      key: key === '' ? null : sha256(key),
    }),
  );
}

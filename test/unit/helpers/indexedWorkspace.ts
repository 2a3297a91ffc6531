// A small workspace on disk and its index over the fake server, through the Workbench's embeddings door (a ledger
// line per request), for the features built on the index: @workspace questions, semantic_search.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LedgerStore,
  ModelCatalogue,
  SyntaxParsers,
  WorkspaceIndex,
  createWorkbench,
  embedThroughWorkbench,
  type OpenAI,
} from '../../../src/core';

export const WORKSPACE_FILES: Record<string, string> = {
  'src/http/retry.ts': [
    '/** Waits and tries again when the API answers 429 (rate limited). */',
    'export async function retryOnRateLimit(send: () => Promise<Response>) {',
    '  const res = await send();',
    '  if (res.status === 429) return send();',
    '  return res;',
    '}',
  ].join('\n'),
  'src/ui/render.ts': 'export function renderMarkdown(text: string) {\n  return text.trim();\n}\n',
  'src/db/users.py':
    'def load_user(user_id):\n    """Reads one user row from the database."""\n    return db.get(user_id)\n',
  'README.md': '# Demo\nA small project.\n',
};

export interface IndexedWorkspace {
  root: string;
  index: WorkspaceIndex;
  ledger: LedgerStore;
  /** Writes a file into the workspace (before build()). */
  write(rel: string, text: string): void;
  /** Scans, and embeds unless `keywordOnly`. */
  build(options?: { keywordOnly?: boolean }): Promise<void>;
  close(): Promise<void>;
}

const parsers = new SyntaxParsers();

/** The workspace and an index that is not built yet; `embed: false` opens it with no embed function (no key). */
export async function indexedWorkspace(
  client: OpenAI,
  options: { embed?: boolean } = {},
): Promise<IndexedWorkspace> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-rag-ws-'));
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-rag-ix-'));
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  for (const [rel, text] of Object.entries(WORKSPACE_FILES)) write(rel, text);
  const ledger = new LedgerStore({ dir: path.join(storage, 'ledger') });
  const wb = createWorkbench({ client, ledger, catalogue: new ModelCatalogue() });
  const index = await WorkspaceIndex.open({
    root,
    storageDir: path.join(storage, 'index'),
    model: 'text-embedding-3-small',
    dimensions: 256,
    ...(options.embed === false ? {} : { embed: embedThroughWorkbench(wb) }),
    parsers,
  });
  return {
    root,
    index,
    ledger,
    write,
    async build(o = {}) {
      await index.scan();
      if (!o.keywordOnly) await index.embedPending();
    },
    async close() {
      await ledger.flush();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(storage, { recursive: true, force: true });
    },
  };
}

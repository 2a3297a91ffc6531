// Wiring for tool-loop tests: a Workbench over the fake server with a ledger in a temp folder, small tools whose
// behaviour a test chooses, and readers of what the fake received.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LedgerStore,
  ModelCatalogue,
  createWorkbench,
  type ToolDefinition,
  type ToolKind,
  type Workbench,
} from '../../../src/core';
import type { FakeHandle } from './fakeServer';

export interface LoopBench {
  wb: Workbench;
  ledger: LedgerStore;
  dispose(): void;
}

export function loopBench(h: FakeHandle): LoopBench {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-tools-'));
  const ledger = new LedgerStore({ dir });
  const wb = createWorkbench({ client: h.client(), ledger, catalogue: new ModelCatalogue() });
  return { wb, ledger, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const PATH_SCHEMA = {
  type: 'object',
  properties: { path: { type: 'string' } },
  required: ['path'],
  additionalProperties: false,
};

export function testTool(
  name: string,
  run: ToolDefinition['run'],
  kind: ToolKind = 'read',
  parameters: Record<string, unknown> = PATH_SCHEMA,
): ToolDefinition {
  return { name, description: `${name} (test tool)`, parameters, kind, run };
}

interface SentMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
}

export interface SentChat {
  messages: SentMessage[];
  tools?: { function: { name: string } }[];
  tool_choice?: unknown;
}

/** The chat bodies the fake received since the last reset, in order. */
export function sentChats(h: FakeHandle): SentChat[] {
  return h.fake.requests
    .filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions')
    .map((r) => r.body as SentChat);
}

/** A promise a test resolves from outside. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

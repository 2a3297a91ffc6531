// The route table. Adding an endpoint = one module under routes/ exporting a Route, plus one line here.
// Request bodies are validated against the spec path of the same name automatically (see server.ts).
import type { Route } from '../types';
import { cancelBatch, createBatch, listBatches, retrieveBatch } from './batches';
import { chatCompletions } from './chat';
import { embeddings } from './embeddings';
import { deleteFile, fileContent, listFiles, retrieveFile, uploadFile } from './files';
import { listModels, retrieveModel } from './models';
import { moderations } from './moderations';

export const ROUTES: Route[] = [
  listModels,
  retrieveModel,
  chatCompletions,
  moderations,
  embeddings,
  uploadFile,
  listFiles,
  retrieveFile,
  fileContent,
  deleteFile,
  createBatch,
  listBatches,
  retrieveBatch,
  cancelBatch,
];

/** Finds the route for a path below /v1; returns the `{name}` segment values too. */
export function matchRoute(
  routes: Route[],
  method: string,
  subPath: string,
): { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const names: string[] = [];
    const re = new RegExp(
      `^${route.pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, n: string) => (names.push(n), '([^/]+)'))}$`,
    );
    const m = re.exec(subPath);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] as string)));
    return { route, params };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}

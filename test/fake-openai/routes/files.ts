// /v1/files: multipart upload (the fields are spec-validated by the server), metadata, content download, delete.
// Batch input files are held to the Batch API's size limit at upload, as the API does.
import { sendError, sendJson, standardHeaders } from '../http';
import type { StoredFile } from '../batchWorld';
import type { Route, RouteContext } from '../types';

function fileObject(f: StoredFile): Record<string, unknown> {
  return {
    id: f.id,
    object: 'file',
    bytes: f.data.length,
    created_at: Math.floor(f.createdAt / 1000),
    expires_at: f.purpose.startsWith('batch') ? Math.floor(f.createdAt / 1000) + 30 * 86_400 : null,
    filename: f.filename,
    purpose: f.purpose,
    status: 'processed',
    status_details: null,
  };
}

function findFile(ctx: RouteContext): StoredFile | undefined {
  const file = ctx.state.batches.files.get(ctx.params.file_id ?? '');
  if (!file) {
    sendError(ctx, 404, {
      message: `No such File object: ${ctx.params.file_id}`,
      type: 'invalid_request_error',
      param: 'id',
      code: null,
    });
  }
  return file;
}

export const uploadFile: Route = {
  method: 'POST',
  pattern: '/files',
  handle: (ctx) => {
    const parts = ctx.multipart;
    const filePart = parts?.find((p) => p.name === 'file');
    const purpose = parts?.find((p) => p.name === 'purpose')?.data.toString('utf8');
    if (!filePart || !purpose) {
      return sendError(ctx, 400, {
        message: "Uploads are multipart/form-data with a 'file' and a 'purpose' field.",
        type: 'invalid_request_error',
        param: filePart ? 'purpose' : 'file',
        code: null,
      });
    }
    const limit = ctx.state.batches.limits.maxBytes;
    if (purpose === 'batch' && filePart.data.length > limit) {
      return sendError(ctx, 400, {
        message: `File is too large: ${filePart.data.length} bytes. Batch input files can be at most ${limit} bytes.`,
        type: 'invalid_request_error',
        param: 'file',
        code: 'file_too_large',
      });
    }
    const file = ctx.state.batches.addFile(filePart.filename ?? 'upload', purpose, filePart.data);
    sendJson(ctx, 200, fileObject(file));
  },
};

export const listFiles: Route = {
  method: 'GET',
  pattern: '/files',
  handle: (ctx) => {
    const data = [...ctx.state.batches.files.values()].reverse().map(fileObject);
    sendJson(ctx, 200, {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
      has_more: false,
    });
  },
};

export const retrieveFile: Route = {
  method: 'GET',
  pattern: '/files/{file_id}',
  handle: (ctx) => {
    const file = findFile(ctx);
    if (file) sendJson(ctx, 200, fileObject(file));
  },
};

export const fileContent: Route = {
  method: 'GET',
  pattern: '/files/{file_id}/content',
  handle: (ctx) => {
    const file = findFile(ctx);
    if (!file) return;
    ctx.recordStatus(200);
    ctx.res.writeHead(200, {
      ...standardHeaders(ctx.requestId, ctx.startedAt, ctx.state),
      'content-type': 'application/octet-stream',
      'content-length': String(file.data.length),
    });
    ctx.res.end(file.data);
  },
};

export const deleteFile: Route = {
  method: 'DELETE',
  pattern: '/files/{file_id}',
  handle: (ctx) => {
    const file = findFile(ctx);
    if (!file) return;
    ctx.state.batches.files.delete(file.id);
    sendJson(ctx, 200, { id: file.id, object: 'file', deleted: true });
  },
};

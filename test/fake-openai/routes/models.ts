// GET /v1/models and GET /v1/models/{model}.
import { modelNotFound, sendError, sendJson } from '../http';
import { MODELS, findModel, modelObject } from '../models';
import type { Route } from '../types';

export const listModels: Route = {
  method: 'GET',
  pattern: '/models',
  handle: (ctx) => sendJson(ctx, 200, { object: 'list', data: MODELS.map(modelObject) }),
};

export const retrieveModel: Route = {
  method: 'GET',
  pattern: '/models/{model}',
  // Not declared as `model()`: the generic check would answer 404 too, but this keeps the route self-contained.
  handle: (ctx) => {
    const id = ctx.params.model ?? '';
    const info = findModel(id);
    if (!info) return sendError(ctx, 404, modelNotFound(id));
    sendJson(ctx, 200, modelObject(info));
  },
};

// GET /v1/models and GET /v1/models/{model}.
import { modelNotFound, sendError, sendJson } from '../http';
import { MODELS, findModel, modelObject } from '../models';
import type { Route } from '../types';

export const listModels: Route = {
  method: 'GET',
  pattern: '/models',
  handle: (ctx) => {
    // `account_models;ids=a|b`: an account that has access to these models only.
    const only = ctx.faults.find((f) => f.name === 'account_models')?.params.ids?.split('|');
    const listed = only ? MODELS.filter((m) => only.includes(m.id)) : MODELS;
    sendJson(ctx, 200, { object: 'list', data: listed.map(modelObject) });
  },
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

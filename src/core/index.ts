// The core's public face: the host and the tests import from here and nowhere deeper.
export { ApiError } from './errors';
export type { ApiErrorKind, ApiErrorInit } from './errors';

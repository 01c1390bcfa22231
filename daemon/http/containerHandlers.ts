// Handlers of the container routes (CONTAINER_ROUTES in daemon/protocol/containerRoutes.ts).
import type { CONTAINER_ROUTES } from '../protocol/containerRoutes.js';
import type { ApiHandlers } from './handlers.js';

/** What the container handlers need from the composition root. */
export type ContainerHandlerDeps = object;

export function containerHandlers(_d: ContainerHandlerDeps): Pick<ApiHandlers, keyof typeof CONTAINER_ROUTES> {
  return {};
}

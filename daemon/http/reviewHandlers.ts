// Handlers of the review routes (REVIEW_ROUTES in daemon/protocol/reviewRoutes.ts).
import type { REVIEW_ROUTES } from '../protocol/reviewRoutes.js';
import type { ApiHandlers } from './handlers.js';

/** What the review handlers need from the composition root. */
export type ReviewHandlerDeps = object;

export function reviewHandlers(_d: ReviewHandlerDeps): Pick<ApiHandlers, keyof typeof REVIEW_ROUTES> {
  return {};
}

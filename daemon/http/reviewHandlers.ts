// Handlers of the review routes (REVIEW_ROUTES in daemon/protocol/reviewRoutes.ts): one call each
// into the ReviewService.
import type { REVIEW_ROUTES } from '../protocol/reviewRoutes.js';
import type { ReviewService } from '../sessions/reviewService.js';
import type { ApiHandlers } from './handlers.js';

/** What the review handlers need from the composition root. */
export interface ReviewHandlerDeps {
  review: ReviewService;
}

export function reviewHandlers(d: ReviewHandlerDeps): Pick<ApiHandlers, keyof typeof REVIEW_ROUTES> {
  return {
    listChanges: ({ params, query }) => d.review.changes(params.id, query.turn),
    getBaseFile: ({ params, query }) => d.review.baseFile(params.id, query.path, query.turn),
    getCheckpointFile: ({ params, query }) => d.review.checkpointFile(params.id, query.path, query.turn),
    getDiff: ({ params, query }) => d.review.diff(params.id, query.path, query.turn),
    getReviewStatus: ({ params }) => d.review.status(params.id),
    updateReviewSettings: ({ params, body }) => ({ session: d.review.updateSettings(params.id, body) }),
    mergePreview: ({ params, query }) => d.review.mergePreview(params.id, query),
    mergeSession: ({ params, body }) => d.review.merge(params.id, body),
    discardSession: ({ params }) => d.review.discard(params.id),
  };
}

// Routes of the review feature (changes, file contents, diffs, checkpoints, merge, discard):
// spread into ROUTES. docs/api.md describes each.
import { z } from 'zod';
import { SessionSchema } from './entities.js';
import { nonEmpty, route } from './routeDescriptor.js';
import {
  ChangesSchema,
  CheckpointPolicySchema,
  DiffSchema,
  FileContentSchema,
  MergePreviewSchema,
  MergeStrategySchema,
  ReviewStatusSchema,
} from './reviewEntities.js';

const PREFIX = '/api/v1/sessions/:id';
const sessionParams = z.object({ id: nonEmpty });
const turn = z.coerce.number().int().nonnegative();
/** A repository-relative path (`src/app.ts`); the daemon refuses anything that leaves the repository. */
const filePath = z.string().min(1).max(4096);

export const MergeBodySchema = z
  .object({
    strategy: MergeStrategySchema.optional(),
    message: z.string().max(100_000).optional(),
    into: nonEmpty.optional(),
  })
  .strict()
  // A bare POST (no body) merges with the defaults.
  .default({});
export type MergeBody = z.infer<typeof MergeBodySchema>;

export const MergeResultSchema = z.object({
  session: SessionSchema,
  into: z.string(),
  strategy: MergeStrategySchema,
  /** The new tip of `into`: the squash commit or the merge commit. */
  commit: z.string(),
  previousTip: z.string(),
  /** Paths the merge changed on `into`. */
  files: z.array(z.string()),
  /** The checkout whose files were updated because it has `into` checked out; null if none. */
  checkout: z.string().nullable(),
});
export type MergeResult = z.infer<typeof MergeResultSchema>;

export const DiscardResultSchema = z.object({
  session: SessionSchema,
  baseCommit: z.string(),
  /** How many changed files were discarded. */
  files: z.number().int().nonnegative(),
  backupRef: z.string().nullable(),
  backupCommit: z.string().nullable(),
  checkpointsRemoved: z.number().int().nonnegative(),
});
export type DiscardResult = z.infer<typeof DiscardResultSchema>;

export const REVIEW_ROUTES = {
  listChanges: route({
    method: 'GET',
    path: `${PREFIX}/changes`,
    params: sessionParams,
    query: z.object({ turn: turn.optional() }).strict(),
    response: ChangesSchema,
  }),
  getBaseFile: route({
    method: 'GET',
    path: `${PREFIX}/base-file`,
    params: sessionParams,
    query: z.object({ path: filePath, turn: turn.optional() }).strict(),
    response: FileContentSchema,
  }),
  getCheckpointFile: route({
    method: 'GET',
    path: `${PREFIX}/checkpoint-file`,
    params: sessionParams,
    query: z.object({ path: filePath, turn }).strict(),
    response: FileContentSchema,
  }),
  getDiff: route({
    method: 'GET',
    path: `${PREFIX}/diff`,
    params: sessionParams,
    query: z.object({ path: filePath.optional(), turn: turn.optional() }).strict(),
    response: DiffSchema,
  }),
  getReviewStatus: route({
    method: 'GET',
    path: `${PREFIX}/review`,
    params: sessionParams,
    response: ReviewStatusSchema,
  }),
  updateReviewSettings: route({
    method: 'PATCH',
    path: `${PREFIX}/review`,
    params: sessionParams,
    body: z.object({ checkpointPolicy: CheckpointPolicySchema.optional() }).strict(),
    response: z.object({ session: SessionSchema }),
  }),
  mergePreview: route({
    method: 'GET',
    path: `${PREFIX}/merge-preview`,
    params: sessionParams,
    query: z.object({ strategy: MergeStrategySchema.optional(), into: nonEmpty.optional() }).strict(),
    response: MergePreviewSchema,
  }),
  mergeSession: route({
    method: 'POST',
    path: `${PREFIX}/merge`,
    params: sessionParams,
    body: MergeBodySchema,
    response: MergeResultSchema,
  }),
  discardSession: route({
    method: 'POST',
    path: `${PREFIX}/discard`,
    params: sessionParams,
    response: DiscardResultSchema,
  }),
} as const;

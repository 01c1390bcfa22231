// Event payloads of the review feature: spread into EVENT_PAYLOADS. docs/events.md describes each.
import { z } from 'zod';
import { DriftSchema, MergeConflictSchema, MergeStrategySchema } from './reviewEntities.js';

export const REVIEW_EVENT_PAYLOADS = {
  'review.checkpoint_created': z.object({
    turn: z.number().int(),
    commit: z.string(),
    ref: z.string(),
    /** The previous checkpoint, or the base commit for the first. */
    parent: z.string(),
    /** What this turn changed (parent → commit). */
    files: z.number().int(),
    additions: z.number().int(),
    deletions: z.number().int(),
  }),
  'review.merged': z.object({
    how: z.enum(['squash', 'merge', 'detected']),
    into: z.string(),
    commit: z.string(),
    /** Paths the merge changed on the base branch (0 for a detected merge). */
    files: z.number().int(),
    /** The checkout whose files were updated because it has the base branch checked out. */
    checkout: z.string().nullable(),
  }),
  'review.merge_conflict': z.object({
    into: z.string(),
    strategy: MergeStrategySchema,
    conflicts: z.array(MergeConflictSchema),
  }),
  'review.merge_refused': z.object({
    into: z.string(),
    strategy: MergeStrategySchema,
    reason: z.enum(['dirty_checkout', 'operation_in_progress']),
    checkout: z.string().nullable(),
    files: z.array(z.string()),
    detail: z.string(),
  }),
  'review.discarded': z.object({
    baseCommit: z.string(),
    files: z.number().int(),
    /** Where the discarded state was kept (null when there was nothing to keep). */
    backupRef: z.string().nullable(),
    backupCommit: z.string().nullable(),
    checkpointsRemoved: z.number().int(),
  }),
  'review.drift_detected': DriftSchema,
  'review.drift_resolved': z.object({ branch: z.string() }),
} as const;

// The records of the review feature: a session's changed files, file contents at a revision,
// checkpoints, the drift and merged flags, and the answers of merge and discard. Shared by the
// daemon, the CLI and the extension; this file imports only zod.
import { z } from 'zod';

const isoTime = z.string().min(1);
const oid = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'a full git object id');

/** `per-turn` (default): a checkpoint commit after every turn; `none`: no checkpoints. Per session. */
export const CHECKPOINT_POLICIES = ['per-turn', 'none'] as const;
export const CheckpointPolicySchema = z.enum(CHECKPOINT_POLICIES);
export type CheckpointPolicy = z.infer<typeof CheckpointPolicySchema>;

/** `squash` (default): one new commit on the base branch; `merge`: a merge commit with the session's work as second parent. */
export const MERGE_STRATEGIES = ['squash', 'merge'] as const;
export const MergeStrategySchema = z.enum(MERGE_STRATEGIES);
export type MergeStrategy = z.infer<typeof MergeStrategySchema>;

/** The session's worktree is no longer on its branch (someone checked out another one by hand). */
export const DriftSchema = z.object({
  expectedBranch: z.string(),
  /** What the worktree is on now; null when HEAD is detached. */
  actualBranch: z.string().nullable(),
  head: z.string().nullable(),
  detectedAt: isoTime,
});
export type Drift = z.infer<typeof DriftSchema>;

/** The session's changes are on its base branch: merged by the daemon, or found there by patch equivalence. */
export const MergedSchema = z.object({
  how: z.enum(['squash', 'merge', 'detected']),
  /** The branch the changes are on. */
  into: z.string(),
  /** The daemon's merge commit; for `detected`, the branch tip that was found to contain the changes. */
  commit: z.string(),
  at: isoTime,
});
export type Merged = z.infer<typeof MergedSchema>;

/** A's, M's, D's and R's of the review tree. A type change counts as modified, a copy as added. */
export const CHANGE_STATUSES = ['added', 'modified', 'deleted', 'renamed'] as const;
export const ChangeStatusSchema = z.enum(CHANGE_STATUSES);
export type ChangeStatus = z.infer<typeof ChangeStatusSchema>;

export const ChangedFileSchema = z.object({
  /** Repository-relative, `/`-separated; for a rename, the new path. */
  path: z.string(),
  /** For a rename: where the file came from (the path to ask base-file for). */
  oldPath: z.string().nullable(),
  status: ChangeStatusSchema,
  /** Line counts; null for binary files. */
  additions: z.number().int().nonnegative().nullable(),
  deletions: z.number().int().nonnegative().nullable(),
  binary: z.boolean(),
  /** Whole-session listings only: the change is (partly) in commits on the session branch… */
  committed: z.boolean().optional(),
  /** …(partly) staged or unstaged in the worktree… */
  uncommitted: z.boolean().optional(),
  /** …or a file git does not track yet. */
  untracked: z.boolean().optional(),
});
export type ChangedFile = z.infer<typeof ChangedFileSchema>;

/** One side of a comparison: the session's base commit, a turn's checkpoint, or the live worktree. */
export const RevisionSchema = z.object({
  kind: z.enum(['base', 'checkpoint', 'worktree']),
  /** The commit (null for the worktree). */
  commit: oid.nullable(),
  /** The turn whose checkpoint this is (null for base and worktree). */
  turn: z.number().int().nonnegative().nullable(),
});
export type Revision = z.infer<typeof RevisionSchema>;

export const ChangesSchema = z.object({
  sessionId: z.string(),
  /** The turn asked for, or null for the whole session. */
  turn: z.number().int().nonnegative().nullable(),
  from: RevisionSchema,
  to: RevisionSchema,
  files: z.array(ChangedFileSchema),
  totals: z.object({
    files: z.number().int().nonnegative(),
    additions: z.number().int().nonnegative(),
    deletions: z.number().int().nonnegative(),
  }),
  drift: DriftSchema.nullable(),
  merged: MergedSchema.nullable(),
});
export type Changes = z.infer<typeof ChangesSchema>;

export const FileContentSchema = z.object({
  path: z.string(),
  revision: RevisionSchema,
  /** git's file mode: `100644`, `100755`, `120000` (symlink: content is the target), `160000` (submodule). */
  mode: z.string(),
  size: z.number().int().nonnegative(),
  /** Contains NUL or is not valid UTF-8: then `content` is base64. */
  binary: z.boolean(),
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
});
export type FileContent = z.infer<typeof FileContentSchema>;

export const DiffSchema = z.object({
  sessionId: z.string(),
  turn: z.number().int().nonnegative().nullable(),
  path: z.string().nullable(),
  from: RevisionSchema,
  to: RevisionSchema,
  /** A unified diff with `a/` and `b/` prefixes (applies with `git apply`); empty when nothing changed. */
  diff: z.string(),
});
export type Diff = z.infer<typeof DiffSchema>;

export const CheckpointSchema = z.object({
  turn: z.number().int().nonnegative(),
  commit: oid,
  ref: z.string(),
  createdAt: isoTime,
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export const ReviewStatusSchema = z.object({
  sessionId: z.string(),
  checkpointPolicy: CheckpointPolicySchema,
  checkpoints: z.array(CheckpointSchema),
  /** The branch merges go into by default (the session's base ref when it is a local branch). */
  baseBranch: z.string().nullable(),
  baseCommit: z.string().nullable(),
  drift: DriftSchema.nullable(),
  merged: MergedSchema.nullable(),
});
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

export const MergeConflictSchema = z.object({
  path: z.string(),
  /** git's conflict types for the path: `CONFLICT (content)`, `CONFLICT (modify/delete)`… */
  types: z.array(z.string()),
  messages: z.array(z.string()),
});
export type MergeConflict = z.infer<typeof MergeConflictSchema>;

/** Why a merge cannot happen now; each is a 409 from the merge route with this `details.reason`. */
export const MERGE_BLOCKERS = ['merge_conflict', 'dirty_checkout', 'operation_in_progress', 'nothing_to_merge', 'drift'] as const;
export const MergeBlockerSchema = z.enum(MERGE_BLOCKERS);
export type MergeBlocker = z.infer<typeof MergeBlockerSchema>;

export const MergePreviewSchema = z.object({
  sessionId: z.string(),
  into: z.string(),
  strategy: MergeStrategySchema,
  /** The base branch's commit the preview was computed against. */
  baseTip: oid,
  canMerge: z.boolean(),
  blocker: MergeBlockerSchema.nullable(),
  conflicts: z.array(MergeConflictSchema),
  /** Files the merge would change that have uncommitted changes in the checkout of the base branch. */
  dirtyFiles: z.array(z.string()),
  /** Paths the merge would change on the base branch. */
  files: z.array(z.string()),
  /** The checkout (main or linked worktree) that has the base branch checked out and would be updated; null if none. */
  checkout: z.string().nullable(),
  /** The default commit message, from the prompt, the follow-ups and the plan. */
  message: z.string(),
});
export type MergePreview = z.infer<typeof MergePreviewSchema>;

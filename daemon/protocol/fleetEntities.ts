// Records of a fleet of worktrees (issue 11): the ports a session leases, where its setup stands,
// the disk it uses, what retention removed, and the daemon-wide admission and retention settings.
// This folder is the shared contract: it imports only zod.
import { z } from 'zod';
import { ProjectConfigSchema } from './projectConfig.js';

const isoTime = z.string().min(1);

/** One leased port; `name` when the project config names it (`SWITCHBOARD_PORT_<NAME>`). */
export const PortLeaseSchema = z.object({
  port: z.number().int().min(1).max(65535),
  name: z.string().nullable(),
});
export type PortLease = z.infer<typeof PortLeaseSchema>;

export const SETUP_STATES = ['pending', 'running', 'done', 'failed'] as const;

/** Where the project's setup commands are for one session's worktree (they run once per worktree). */
export const SetupStatusSchema = z.object({
  state: z.enum(SETUP_STATES),
  /** The command running now, or the one that failed; null when pending or done. */
  command: z.string().nullable(),
  /** 0-based index of `command` among `total` commands. */
  index: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** When the current (or failed) command started: clients show "setting up: npm ci — 12 s". */
  commandStartedAt: isoTime.nullable(),
  startedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  exitCode: z.number().int().nullable(),
});
export type SetupStatus = z.infer<typeof SetupStatusSchema>;

/** Bytes on disk as `du` counts them (allocated blocks; a hard-linked file once per session). */
export const DiskUsageSchema = z.object({
  worktreeBytes: z.number().int().nonnegative(),
  artifactBytes: z.number().int().nonnegative(),
  logBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  measuredAt: isoTime,
});
export type DiskUsage = z.infer<typeof DiskUsageSchema>;

export const PRUNE_REASONS = ['archived', 'merged', 'idle'] as const;
export const PruneReasonSchema = z.enum(PRUNE_REASONS);
export type PruneReason = z.infer<typeof PruneReasonSchema>;

export const PrunedSchema = z.object({
  at: isoTime,
  reason: PruneReasonSchema,
  /** Disk freed (the worktree as measured just before removal). */
  bytes: z.number().int().nonnegative(),
  branchDeleted: z.boolean(),
});
export type Pruned = z.infer<typeof PrunedSchema>;

/** A project's config set through the API, in place of its `.switchboard/config.json`. */
export const ProjectConfigOverrideSchema = ProjectConfigSchema;

/** How many agents may run at once, and the free memory below which new ones wait. */
export const AdmissionLimitsSchema = z.object({
  /** Agents alive at once (setup counts as one); new starts past it are `queued`. */
  maxAgents: z.number().int().min(1).max(10_000),
  /** New agents wait while the machine's available memory is below this many MiB (0: no floor). */
  memoryFloorMb: z.number().int().min(0).max(10_000_000),
});
export type AdmissionLimits = z.infer<typeof AdmissionLimitsSchema>;

export const AdmissionSnapshotSchema = AdmissionLimitsSchema.extend({
  /** Sessions holding a slot (setting up, or with an agent alive). */
  running: z.array(z.string()),
  /** Waiting sessions in the order they will start; position is 1-based. */
  queue: z.array(z.object({ sessionId: z.string(), position: z.number().int().min(1) })),
  availableMemoryMb: z.number().int().nonnegative(),
  /** Why the head of the queue waits now, or null when nothing waits. */
  blockedBy: z.enum(['cap', 'memory']).nullable(),
});
export type AdmissionSnapshot = z.infer<typeof AdmissionSnapshotSchema>;

/** What retention removes: worktrees of sessions archived or merged more than N days ago, idle more than M days. */
export const RetentionPolicySchema = z.object({
  /** null: never by this rule. */
  archivedDays: z.number().min(0).max(36_500).nullable(),
  mergedDays: z.number().min(0).max(36_500).nullable(),
  idleDays: z.number().min(0).max(36_500).nullable(),
  /** Delete the session branch too (off by default: branches are cheap and may hold unmerged work). */
  deleteBranch: z.boolean(),
  /** Apply the policy by itself every few hours, not only on `prune`. */
  automatic: z.boolean(),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

export const PruneCandidateSchema = z.object({
  sessionId: z.string(),
  shortId: z.string(),
  projectId: z.string(),
  title: z.string(),
  state: z.string(),
  reason: PruneReasonSchema,
  worktreePath: z.string(),
  branch: z.string().nullable(),
  /** Measured now, as `du` counts them. */
  bytes: z.number().int().nonnegative(),
  /** Days since it was archived, merged or last active (per `reason`). */
  ageDays: z.number().nonnegative(),
});
export type PruneCandidate = z.infer<typeof PruneCandidateSchema>;

export const PruneResultSchema = z.object({
  dryRun: z.boolean(),
  policy: RetentionPolicySchema,
  candidates: z.array(PruneCandidateSchema),
  totalBytes: z.number().int().nonnegative(),
  /** Sessions whose worktree was removed (empty on a dry run). */
  removed: z.array(z.string()),
  /** Candidates that could not be removed, with why. */
  failed: z.array(z.object({ sessionId: z.string(), error: z.string() })),
});
export type PruneResult = z.infer<typeof PruneResultSchema>;

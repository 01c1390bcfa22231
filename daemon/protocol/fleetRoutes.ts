// Routes of a fleet of sessions (issue 11): admission limits and the queue, retention and prune,
// a session's disk use, a project's effective config. Spread into ROUTES; docs/api.md describes each.
import { z } from 'zod';
import {
  AdmissionLimitsSchema,
  AdmissionSnapshotSchema,
  DiskUsageSchema,
  PruneResultSchema,
  RetentionPolicySchema,
} from './fleetEntities.js';
import { ProjectConfigSchema } from './projectConfig.js';
import { nonEmpty, route } from './routeDescriptor.js';

const API = '/api/v1';

const days = z.number().min(0).max(36_500);

export const PruneBodySchema = z
  .object({
    /** List what would go, remove nothing (the same list `prune` then acts on). */
    dryRun: z.boolean().default(false),
    /** Only this project's sessions (id or slug). */
    project: nonEmpty.optional(),
    /** Override the stored policy for this run; null turns a rule off. */
    archivedDays: days.nullable().optional(),
    mergedDays: days.nullable().optional(),
    idleDays: days.nullable().optional(),
    deleteBranch: z.boolean().optional(),
  })
  .strict();
export type PruneBody = z.infer<typeof PruneBodySchema>;

export const ProjectConfigViewSchema = z.object({
  /** Where the config in effect comes from: set through the API, the repository's file, or none. */
  source: z.enum(['override', 'file', 'none']),
  config: ProjectConfigSchema.nullable(),
  /** The repository's file could not be used (file:line: key: message); null when fine or absent. */
  error: z.string().nullable(),
});
export type ProjectConfigView = z.infer<typeof ProjectConfigViewSchema>;

export const FLEET_ROUTES = {
  getAdmission: route({ method: 'GET', path: `${API}/admission`, response: AdmissionSnapshotSchema }),
  /** Changes the cap or the memory floor now; queued sessions start if the new limits allow. */
  updateAdmission: route({
    method: 'PATCH',
    path: `${API}/admission`,
    body: AdmissionLimitsSchema.partial().strict(),
    response: AdmissionSnapshotSchema,
  }),
  getRetention: route({ method: 'GET', path: `${API}/retention`, response: RetentionPolicySchema }),
  updateRetention: route({
    method: 'PATCH',
    path: `${API}/retention`,
    body: RetentionPolicySchema.partial().strict(),
    response: RetentionPolicySchema,
  }),
  /** Removes the worktrees the policy selects (or lists them, with `dryRun`); running sessions are never touched. */
  prune: route({ method: 'POST', path: `${API}/prune`, body: PruneBodySchema, response: PruneResultSchema }),
  /** Measures the session's disk use now (and stores it on the session). */
  sessionDisk: route({
    method: 'GET',
    path: `${API}/sessions/:id/disk`,
    params: z.object({ id: nonEmpty }),
    response: z.object({ disk: DiskUsageSchema }),
  }),
  /** The project config new worktrees get: the override set through the API, else `.switchboard/config.json`. */
  getProjectConfig: route({
    method: 'GET',
    path: `${API}/projects/:project/config`,
    params: z.object({ project: nonEmpty }),
    response: ProjectConfigViewSchema,
  }),
} as const;

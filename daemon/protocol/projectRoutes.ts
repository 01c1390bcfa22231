// Routes of managing projects and reading what sessions left (issue 12): removing a project after
// a preview of exactly what goes, the repository's branches (to choose the default branch from),
// and the text of one artifact (a turn's transcript, plan or diff). Spread into ROUTES;
// docs/api.md describes each.
import { z } from 'zod';
import { ArtifactSchema, ProjectSchema, SessionStateSchema } from './entities.js';
import { nonEmpty, queryBool, route } from './routeDescriptor.js';

const API = '/api/v1';
const projectParams = z.object({ project: nonEmpty });

/** A session that keeps its project registered: removal refuses until it is stopped, completed or archived. */
export const LiveSessionSchema = z.object({
  sessionId: z.string(),
  shortId: z.string(),
  title: z.string(),
  state: SessionStateSchema,
});
export type LiveSession = z.infer<typeof LiveSessionSchema>;

/** One session of the project as removal deletes it (the same things a session's delete removes). */
export const RemovedSessionSchema = LiveSessionSchema.extend({
  worktreePath: z.string().nullable(),
  worktreeExists: z.boolean(),
  branch: z.string().nullable(),
  branchExists: z.boolean(),
  /** Files changed in the worktree and never committed: lost with it. */
  uncommittedFiles: z.number().int().nonnegative(),
  artifacts: z.number().int().nonnegative(),
  eventCount: z.number().int().nonnegative(),
});
export type RemovedSession = z.infer<typeof RemovedSessionSchema>;

/**
 * Exactly what removing the project removes. Never the repository itself (`project.repoPath`):
 * only Switchboard's registration and what Switchboard made for the project's sessions.
 */
export const ProjectRemovalPreviewSchema = z.object({
  project: ProjectSchema,
  /** Non-empty: removal answers 409 naming these. */
  liveSessions: z.array(LiveSessionSchema),
  sessions: z.array(RemovedSessionSchema),
  /** Session worktree folders that exist now and go. */
  worktrees: z.array(z.string()),
  /** Session branches that exist now; deleted only with `deleteBranches`. */
  branches: z.array(z.string()),
  /** Stored events of the project and its sessions. */
  eventCount: z.number().int().nonnegative(),
});
export type ProjectRemovalPreview = z.infer<typeof ProjectRemovalPreviewSchema>;

export const BranchSchema = z.object({
  name: z.string(),
  commit: z.string(),
  /** Checked out in the project's checkout. */
  current: z.boolean(),
  /** The project's default branch now. */
  isDefault: z.boolean(),
});
export type Branch = z.infer<typeof BranchSchema>;

/** Artifacts are text; a bigger file is answered up to this many bytes, with `truncated`. */
export const MAX_ARTIFACT_BYTES = 8 * 1024 * 1024;

export const PROJECT_ROUTES = {
  /** Removes the project's registration and what Switchboard made for it; 409 while a session of it is live. */
  removeProject: route({
    method: 'DELETE',
    path: `${API}/projects/:project`,
    params: projectParams,
    query: z.object({ deleteBranches: queryBool.optional() }).strict(),
    response: z.object({ removed: ProjectRemovalPreviewSchema, branchesDeleted: z.array(z.string()) }),
  }),
  /** What removeProject would remove now; changes nothing. */
  projectRemovalPreview: route({
    method: 'GET',
    path: `${API}/projects/:project/removal-preview`,
    params: projectParams,
    response: ProjectRemovalPreviewSchema,
  }),
  /** The repository's local branches (Switchboard's own session branches left out). */
  listBranches: route({
    method: 'GET',
    path: `${API}/projects/:project/branches`,
    params: projectParams,
    response: z.object({ branches: z.array(BranchSchema), defaultBranch: z.string() }),
  }),
  /** One artifact with its text. */
  getArtifact: route({
    method: 'GET',
    path: `${API}/artifacts/:id`,
    params: z.object({ id: nonEmpty }),
    response: z.object({ artifact: ArtifactSchema, content: z.string(), truncated: z.boolean() }),
  }),
} as const;

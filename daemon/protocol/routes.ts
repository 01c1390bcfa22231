// Every HTTP route as one descriptor: method, path, and the schemas of its params, query, body
// and response. The server validates with them, the typed client builds calls from them, and
// docs/api.md lists them. Call sites never spell a path.
import { z } from 'zod';
import {
  ActionSchema,
  AgentTemplateViewSchema,
  ArtifactSchema,
  PermissionPolicySchema,
  PermissionRequestSchema,
  ProjectSchema,
  RuntimeSchema,
  SESSION_STATES,
  SessionSchema,
  SessionStateSchema,
  TurnSchema,
} from './entities.js';
import { ProjectConfigSchema } from './projectConfig.js';
import { AGENT_FEATURE_ROUTES } from './agentFeatureRoutes.js';
import { FLEET_ROUTES } from './fleetRoutes.js';
import { DiskUsageSchema } from './fleetEntities.js';
import { AnyEventSchema } from './events.js';
import { McpServerSchema } from './mcpEntities.js';
import { SettingsRequestSchema, SettingValueSchema } from './settingsEntities.js';
import { CONTAINER_ROUTES } from './containerRoutes.js';
import { OPENAPI_ROUTES } from './openApiRoutes.js';
import { PROJECT_ROUTES } from './projectRoutes.js';
import { nonEmpty, queryBool, route } from './routeDescriptor.js';
import { REVIEW_ROUTES } from './reviewRoutes.js';

export type { RouteDescriptor } from './routeDescriptor.js';

export const API_PREFIX = '/api/v1';
export const STREAM_WS_PATH = `${API_PREFIX}/stream`;
export const STREAM_SSE_PATH = `${API_PREFIX}/stream/events`;
/** The content type of the Prometheus text exposition format, version 0.0.4. */
export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
/** Largest JSON body a route accepts; bigger ones answer 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

const sessionParams = z.object({ id: nonEmpty });
const projectParams = z.object({ project: nonEmpty });

export const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  pid: z.number().int(),
  uptimeMs: z.number().nonnegative(),
  sessions: z.record(z.string(), z.number().int()),
  /** The newest event's seq: where a client that wants only live events starts its stream. */
  lastSeq: z.number().int().nonnegative(),
  /** Agents running (slots held) and sessions queued, against the cap. */
  admission: z.object({ running: z.number().int(), queued: z.number().int(), maxAgents: z.number().int() }).optional(),
  /** Disk used by all sessions (worktrees, artifacts, logs) when last measured (measured in the background, never on this request). */
  disk: z.object({ totalBytes: z.number().int().nonnegative(), sessions: z.number().int(), measuredAt: z.string().nullable() }).optional(),
});
export type Health = z.infer<typeof HealthSchema>;

export const AddProjectBodySchema = z
  .object({
    path: nonEmpty,
    name: nonEmpty.optional(),
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, starting with a letter or digit')
      .optional(),
    defaultBranch: nonEmpty.optional(),
  })
  .strict();
export type AddProjectBody = z.infer<typeof AddProjectBodySchema>;

export const UpdateProjectBodySchema = AddProjectBodySchema.omit({ path: true })
  .extend({
    /** USD a UTC day; null removes the budget. */
    budgetUsdPerDay: z.number().nonnegative().max(1_000_000).nullable().optional(),
    /** Replaces the project's own MCP servers (the repository's `.mcp.json` is read as well). */
    mcpServers: z.array(McpServerSchema).max(50).optional(),
    /** Replaces the repository's `.switchboard/config.json` for new worktrees; null goes back to the file. */
    config: ProjectConfigSchema.nullable().optional(),
    /** Where new worktrees of the project go (an absolute path); null goes back to the daemon's default. */
    worktreeRoot: z
      .string()
      .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'an absolute path')
      .nullable()
      .optional(),
  })
  .strict();

export const AddAgentBodySchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, dots, dashes and underscores'),
    description: z.string().max(500).optional(),
    command: nonEmpty,
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    /** Arguments added when Switchboard confines the agent (see SpawnSchema). */
    sandboxedArgs: z.array(z.string()).optional(),
    runtime: RuntimeSchema.optional(),
    npmPackage: nonEmpty.optional(),
    /** Model, mode and options its sessions ask for by default. */
    defaults: SettingsRequestSchema.optional(),
    mcpServers: z.array(McpServerSchema).max(50).optional(),
  })
  .strict();
export type AddAgentBody = z.infer<typeof AddAgentBodySchema>;

export const CreateSessionBodySchema = z
  .object({
    project: nonEmpty,
    /** A template name; omit it only when `spawn` gives an ad-hoc command. */
    agent: nonEmpty.optional(),
    spawn: z
      .object({
        command: nonEmpty,
        args: z.array(z.string()).default([]),
        env: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .optional(),
    action: ActionSchema,
    prompt: nonEmpty.max(200_000),
    scopePath: z.string().optional(),
    model: nonEmpty.optional(),
    /** A mode id or name the agent offers (`plan`, `read-only`…). */
    mode: nonEmpty.optional(),
    /** Other options by id (`reasoning_effort: "high"`). */
    options: z.record(nonEmpty, SettingValueSchema).optional(),
    baseRef: nonEmpty.optional(),
    permissionPolicy: PermissionPolicySchema.optional(),
    /** Continue the agent's own earlier session (an id from `GET /projects/:project/agent-sessions`). */
    fromAgentSession: nonEmpty.optional(),
  })
  .strict()
  .refine((b) => b.agent !== undefined || b.spawn !== undefined, {
    message: 'name an agent template, or give an ad-hoc spawn command',
    path: ['agent'],
  });
export type CreateSessionBody = z.infer<typeof CreateSessionBodySchema>;

export const SessionDetailSchema = z.object({
  session: SessionSchema,
  turns: z.array(TurnSchema),
  pendingPermissions: z.array(PermissionRequestSchema),
});
export type SessionDetail = z.infer<typeof SessionDetailSchema>;

export const CleanupPreviewSchema = z.object({
  sessionId: z.string(),
  worktreePath: z.string().nullable(),
  worktreeExists: z.boolean(),
  branch: z.string().nullable(),
  branchExists: z.boolean(),
  uncommittedFiles: z.array(z.object({ path: z.string(), status: z.string() })),
  artifacts: z.array(z.object({ path: z.string(), size: z.number().int() })),
  logFiles: z.array(z.string()),
  eventCount: z.number().int(),
  /** What deleting frees, measured for the preview (as `du` counts it); absent in a delete's answer. */
  disk: DiskUsageSchema.optional(),
});
export type CleanupPreview = z.infer<typeof CleanupPreviewSchema>;

const projectOnly = z.object({ project: ProjectSchema });
const sessionOnly = z.object({ session: SessionSchema });

export const ROUTES = {
  health: route({ method: 'GET', path: `${API_PREFIX}/health`, response: HealthSchema }),
  shutdown: route({ method: 'POST', path: `${API_PREFIX}/daemon/shutdown`, response: z.object({ ok: z.literal(true) }) }),
  /** The daemon's metrics in the Prometheus text exposition format (docs/api.md lists them). */
  metrics: route({ method: 'GET', path: `${API_PREFIX}/metrics`, response: z.string(), contentType: PROMETHEUS_TEXT }),

  listProjects: route({
    method: 'GET',
    path: `${API_PREFIX}/projects`,
    response: z.object({ projects: z.array(ProjectSchema) }),
  }),
  addProject: route({
    method: 'POST',
    path: `${API_PREFIX}/projects`,
    body: AddProjectBodySchema,
    response: projectOnly,
  }),
  getProject: route({
    method: 'GET',
    path: `${API_PREFIX}/projects/:project`,
    params: projectParams,
    response: projectOnly,
  }),
  updateProject: route({
    method: 'PATCH',
    path: `${API_PREFIX}/projects/:project`,
    params: projectParams,
    body: UpdateProjectBodySchema,
    response: projectOnly,
  }),

  listAgents: route({
    method: 'GET',
    path: `${API_PREFIX}/agents`,
    response: z.object({ agents: z.array(AgentTemplateViewSchema) }),
  }),
  addAgent: route({
    method: 'POST',
    path: `${API_PREFIX}/agents`,
    body: AddAgentBodySchema,
    response: z.object({ agent: AgentTemplateViewSchema }),
  }),

  setAgentSecrets: route({
    method: 'POST',
    path: `${API_PREFIX}/agents/:name/secrets`,
    params: z.object({ name: nonEmpty }),
    body: z
      .object({
        /** Variables merged into the agent's environment at its next start; values are never stored or echoed. */
        env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string().min(1)),
      })
      .strict(),
    response: z.object({ agent: z.string(), keys: z.array(z.string()) }),
  }),

  createSession: route({
    method: 'POST',
    path: `${API_PREFIX}/sessions`,
    body: CreateSessionBodySchema,
    response: sessionOnly,
  }),
  listSessions: route({
    method: 'GET',
    path: `${API_PREFIX}/sessions`,
    query: z
      .object({
        project: nonEmpty.optional(),
        state: z
          .string()
          .transform((s) => s.split(','))
          .pipe(z.array(SessionStateSchema))
          .optional(),
        all: queryBool.optional(),
      })
      .strict(),
    response: z.object({ sessions: z.array(SessionSchema) }),
  }),
  getSession: route({
    method: 'GET',
    path: `${API_PREFIX}/sessions/:id`,
    params: sessionParams,
    response: SessionDetailSchema,
  }),
  followup: route({
    method: 'POST',
    path: `${API_PREFIX}/sessions/:id/prompts`,
    params: sessionParams,
    body: z.object({ text: nonEmpty.max(200_000) }).strict(),
    response: z.object({ session: SessionSchema, turn: TurnSchema }),
  }),
  cancelTurn: route({ method: 'POST', path: `${API_PREFIX}/sessions/:id/cancel`, params: sessionParams, response: sessionOnly }),
  stopSession: route({ method: 'POST', path: `${API_PREFIX}/sessions/:id/stop`, params: sessionParams, response: sessionOnly }),
  resumeSession: route({ method: 'POST', path: `${API_PREFIX}/sessions/:id/resume`, params: sessionParams, response: sessionOnly }),
  archiveSession: route({ method: 'POST', path: `${API_PREFIX}/sessions/:id/archive`, params: sessionParams, response: sessionOnly }),
  deleteSession: route({
    method: 'DELETE',
    path: `${API_PREFIX}/sessions/:id`,
    params: sessionParams,
    query: z.object({ deleteBranch: queryBool.optional() }).strict(),
    response: z.object({ deleted: CleanupPreviewSchema, branchDeleted: z.boolean() }),
  }),
  cleanupPreview: route({
    method: 'GET',
    path: `${API_PREFIX}/sessions/:id/cleanup-preview`,
    params: sessionParams,
    response: CleanupPreviewSchema,
  }),
  listPermissions: route({
    method: 'GET',
    path: `${API_PREFIX}/sessions/:id/permissions`,
    params: sessionParams,
    query: z.object({ state: z.enum(['pending', 'answered', 'cancelled']).optional() }).strict(),
    response: z.object({ permissions: z.array(PermissionRequestSchema) }),
  }),
  answerPermission: route({
    method: 'POST',
    path: `${API_PREFIX}/sessions/:id/permissions/:requestId`,
    params: z.object({ id: nonEmpty, requestId: nonEmpty }),
    body: z.object({ optionId: nonEmpty }).strict(),
    response: z.object({ permission: PermissionRequestSchema }),
  }),
  logTail: route({
    method: 'GET',
    path: `${API_PREFIX}/sessions/:id/log-tail`,
    params: sessionParams,
    query: z.object({ lines: z.coerce.number().int().min(1).max(10_000).default(100) }).strict(),
    response: z.object({ lines: z.array(z.string()), path: z.string() }),
  }),

  listEvents: route({
    method: 'GET',
    path: `${API_PREFIX}/events`,
    query: z
      .object({
        since: z.coerce.number().int().nonnegative().default(0),
        session: nonEmpty.optional(),
        project: nonEmpty.optional(),
        type: z
          .string()
          .transform((s) => s.split(','))
          .optional(),
        limit: z.coerce.number().int().min(1).max(10_000).default(1000),
      })
      .strict(),
    response: z.object({ events: z.array(AnyEventSchema), lastSeq: z.number().int(), hasMore: z.boolean() }),
  }),
  listArtifacts: route({
    method: 'GET',
    path: `${API_PREFIX}/artifacts`,
    query: z.object({ session: nonEmpty.optional(), project: nonEmpty.optional() }).strict(),
    response: z.object({ artifacts: z.array(ArtifactSchema) }),
  }),
  ...REVIEW_ROUTES,
  ...AGENT_FEATURE_ROUTES,
  ...FLEET_ROUTES,
  ...CONTAINER_ROUTES,
  ...OPENAPI_ROUTES,
  ...PROJECT_ROUTES,
} as const;

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;
export type RouteParams<K extends RouteName> = z.output<Routes[K]['params']>;
export type RouteQuery<K extends RouteName> = z.output<Routes[K]['query']>;
export type RouteBody<K extends RouteName> = z.output<Routes[K]['body']>;
export type RouteResponse<K extends RouteName> = z.output<Routes[K]['response']>;
/** What a caller passes: inputs before defaults and transforms are applied. */
export type RouteInput<K extends RouteName> = {
  params: z.input<Routes[K]['params']>;
  query: z.input<Routes[K]['query']>;
  body: z.input<Routes[K]['body']>;
};

/** Fills `:name` placeholders; each value is URI-encoded. */
export function buildPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(v);
  });
}

export { SESSION_STATES };

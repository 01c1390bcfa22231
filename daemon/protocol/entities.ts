// The domain records every client sees: one zod schema per record, its type inferred from it.
// This folder is the shared contract: it imports only zod.
import { z } from 'zod';
import { DiskUsageSchema, PortLeaseSchema, PrunedSchema, ProjectConfigOverrideSchema, SetupStatusSchema } from './fleetEntities.js';
import { McpServerSchema } from './mcpEntities.js';
import { CheckpointPolicySchema, DriftSchema, MergedSchema } from './reviewEntities.js';
import { ConfigOptionSchema, SettingsRequestSchema, SlashCommandSchema } from './settingsEntities.js';
import { SessionUsageSchema, TurnUsageSchema } from './usageEntities.js';

/** In lifecycle order; the transitions and the named groups are in sessionStates.ts. */
export const SESSION_STATES = [
  'queued', // waiting for a free agent slot (admission control): nothing runs for it yet
  ...['created', 'running', 'waiting_for_user'], // an agent may be at work
  ...['completed', 'failed', 'stopped'], // ended for now: a follow-up or resume starts it again
  ...['archived', 'deleted'], // retired
] as const;
export const SessionStateSchema = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionStateSchema>;

export const ACTIONS = ['analyze', 'review', 'plan', 'implement'] as const;
export const ActionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof ActionSchema>;
/** Actions that run read-only in the project checkout instead of a worktree. */
export const READ_ONLY_ACTIONS: readonly Action[] = ['analyze', 'review'];

export const PERMISSION_POLICIES = ['ask', 'allow-reads', 'allow-all'] as const;
export const PermissionPolicySchema = z.enum(PERMISSION_POLICIES);
export type PermissionPolicy = z.infer<typeof PermissionPolicySchema>;

/** Why a session is in its state, where the state alone does not say. */
export const STATE_REASONS = [
  'auth_required',
  'permission',
  'agent_crashed',
  'agent_start_failed',
  'interrupted',
  'cancel_timeout',
  'user_stop',
  'daemon_shutdown',
  'prompt_failed',
  'worktree_failed',
  /** The project's daily cost budget is spent: the session waits until it is raised or the day turns. */
  'budget_exceeded',
  /** The agent refused a model, mode or option the session asks for (the detail names it). */
  'settings_refused',
  /** The agent asks the person to fill in a form (an elicitation). */
  'elicitation',
  /** Waiting for a free agent slot: the cap of running agents is reached, or free memory is below the floor. */
  'admission',
  /** The project's setup commands run in the new worktree (the detail names the command). */
  'setting_up',
  /** A setup command failed or timed out (the detail names it, its exit code and the output's tail). */
  'setup_failed',
  /** The agent crashed at start too often (3 starts in 10 minutes): no more restarts until resumed. */
  'crash_loop',
  /** A turn has had no word from the agent for longer than the stall limit; cancel still works. */
  'stalled',
] as const;
export const StateReasonSchema = z.enum(STATE_REASONS);
export type StateReason = z.infer<typeof StateReasonSchema>;

const isoTime = z.string().min(1);

export const ProjectSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  repoPath: z.string(),
  defaultBranch: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Cost a day (UTC) the project's sessions may spend, in USD; absent or null: no budget. */
  budgetUsdPerDay: z.number().nonnegative().nullish(),
  /** MCP servers every session of the project gets, on top of the repository's `.mcp.json`. */
  mcpServers: z.array(McpServerSchema).optional(),
  /** Replaces the repository's `.switchboard/config.json` for this project (set through the API); absent: the file applies. */
  configOverride: ProjectConfigOverrideSchema.nullish(),
  /** Where this project's new worktrees go; absent: the daemon's `--worktree-root`, else the state dir. */
  worktreeRoot: z.string().nullish(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const SpawnSchema = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  /**
   * Added to `args` when Switchboard confines the agent (bwrap or a container): an agent whose own
   * sandbox cannot nest inside ours is told to leave the walls to us (docs/isolation.md).
   */
  sandboxedArgs: z.array(z.string()).optional(),
});
export type Spawn = z.infer<typeof SpawnSchema>;

/**
 * What a person changed on a built-in template (Bedrock or Vertex env, a proxy's base URL, a
 * different program): kept apart from the built-in definition, which the daemon refreshes at every
 * start, and merged over it wherever the template is used. `agents reset` drops it.
 */
export const TemplateOverridesSchema = z
  .object({
    /** Replaces the built-in's program (a path, or a name looked up on PATH). */
    command: z.string().trim().min(1).optional(),
    /** Added after the built-in's own arguments. */
    args: z.array(z.string()).optional(),
    /** Set over the built-in's environment; like all template env, never shown and redacted from logs. */
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string()).optional(),
    /** Replaces the built-in's default model, mode and options (`agents add claude --model opus`). */
    defaults: SettingsRequestSchema.optional(),
  })
  .strict();
export type TemplateOverrides = z.infer<typeof TemplateOverridesSchema>;

/**
 * How a local agent is confined (docs/isolation.md): `bwrap` a bubblewrap sandbox, `docker` a
 * container of its own, `none` nothing but the fs/* confinement; `auto` bwrap where it works, else
 * none, said out loud on the session.
 */
export const SANDBOX_MODES = ['auto', 'bwrap', 'docker', 'none'] as const;
export const SandboxModeSchema = z.enum(SANDBOX_MODES);
export type SandboxMode = z.infer<typeof SandboxModeSchema>;

export const RuntimeSchema = z.object({
  provider: z.enum(['local', 'docker']).default('local'),
  /** Absent: the daemon's default (`--sandbox`, `SWITCHBOARD_SANDBOX`, else `auto`). */
  sandbox: SandboxModeSchema.optional(),
  /** More paths (`~/` allowed) hidden from this template's agents, on top of the built-in credential list. */
  hiddenPaths: z.array(z.string().min(1)).optional(),
  image: z.string().optional(),
  network: z.string().optional(),
  cpus: z.number().positive().optional(),
  memoryMb: z.number().int().positive().optional(),
});
export type Runtime = z.infer<typeof RuntimeSchema>;

export const AgentTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  spawn: SpawnSchema,
  runtime: RuntimeSchema,
  builtIn: z.boolean(),
  /** The npm package that provides `spawn.command`, named in "not installed" errors. */
  npmPackage: z.string().optional(),
  createdAt: isoTime,
  /** Model, mode and options a new session of this template asks for unless its request says otherwise. */
  defaults: SettingsRequestSchema.optional(),
  /** MCP servers every session of this template gets. */
  mcpServers: z.array(McpServerSchema).optional(),
  /** A built-in's overrides; `spawn` already has them merged in. Absent: the built-in as shipped. */
  overrides: TemplateOverridesSchema.optional(),
});
export type AgentTemplate = z.infer<typeof AgentTemplateSchema>;

/** A template as the API shows it: env values are redacted, availability is probed. */
export const AgentTemplateViewSchema = AgentTemplateSchema.extend({
  available: z.boolean(),
  installHint: z.string().optional(),
});
export type AgentTemplateView = z.infer<typeof AgentTemplateViewSchema>;

/** What confined a session's agent the last time it started: shown on every surface, never silent. */
export const IsolationSchema = z.object({
  /** `bwrap` sandbox, `container`, or `none` (unsandboxed: only the fs/* confinement of agents that ask). */
  kind: z.enum(['bwrap', 'container', 'none']),
  /** One line for people: what holds, or why nothing does. */
  detail: z.string(),
});
export type Isolation = z.infer<typeof IsolationSchema>;

export const AuthMethodSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  /**
   * ACP's kind of login: `agent` (the agent logs itself in on `authenticate`), `terminal` (a person
   * runs `terminalCommand` in a terminal, then the agent is started again), `env_var` (a key the
   * client hands over as an environment variable). Absent on methods recorded before it existed.
   */
  type: z.enum(['agent', 'terminal', 'env_var']).optional(),
  /** Login command for terminal-type methods (`_meta` of some agents), when known. */
  terminalCommand: z.array(z.string()).optional(),
  /** Environment the terminal login runs with, from the method (the daemon adds the agent's HOME). */
  terminalEnv: z.record(z.string(), z.string()).optional(),
  /** The variables an `env_var` method reads its key from (ACP `vars`, e.g. `CODEX_API_KEY`). */
  envVars: z.array(z.string()).optional(),
});
export type AuthMethod = z.infer<typeof AuthMethodSchema>;

export const SessionSchema = z.object({
  id: z.string(),
  shortId: z.string(),
  projectId: z.string(),
  agent: z.string(),
  action: ActionSchema,
  title: z.string(),
  prompt: z.string(),
  model: z.string().nullable(),
  scopePath: z.string().nullable(),
  state: SessionStateSchema,
  stateReason: StateReasonSchema.nullable(),
  stateDetail: z.string().nullable(),
  permissionPolicy: PermissionPolicySchema,
  readOnly: z.boolean(),
  /** Where the agent runs: the worktree, or the project checkout for read-only actions. */
  cwd: z.string(),
  worktreePath: z.string().nullable(),
  branch: z.string().nullable(),
  baseRef: z.string(),
  baseCommit: z.string().nullable(),
  acpSessionId: z.string().nullable(),
  runtimeHandle: z.string().nullable(),
  agentCapabilities: z.record(z.string(), z.unknown()).nullable(),
  authMethods: z.array(AuthMethodSchema),
  exitCode: z.number().int().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  endedAt: isoTime.nullable(),
  /** Review flags (daemon/protocol/reviewEntities.ts); absent means `per-turn`, no drift, not merged. */
  checkpointPolicy: CheckpointPolicySchema.optional(),
  drift: DriftSchema.nullish(),
  merged: MergedSchema.nullish(),
  /** Absent until the agent first starts. */
  isolation: IsolationSchema.nullish(),
  /** What the agent offers to choose (model, mode, effort…) with its current values; absent until it first starts. */
  configOptions: z.array(ConfigOptionSchema).nullish(),
  /** The model, mode and options this session asks for (create request over template defaults, then changes); applied at every agent start. */
  requestedSettings: SettingsRequestSchema.nullish(),
  /** The agent's slash commands, as it last announced them. */
  commands: z.array(SlashCommandSchema).nullish(),
  /** Tokens, context and cost so far, as the agent reported them. */
  usage: SessionUsageSchema.nullish(),
  /** The block of ports leased to the session now (daemon/protocol/fleetEntities.ts); absent or empty when none. */
  ports: z.array(PortLeaseSchema).nullish(),
  /** Where the project's setup commands are for this worktree; absent when there are none. */
  setup: SetupStatusSchema.nullish(),
  /** The FIFO ticket while `queued` (lower starts first); a client's queue position is its rank among queued sessions. */
  queueSeq: z.number().int().nullish(),
  /** Disk used by the session (worktree, artifacts, log) when last measured. */
  disk: DiskUsageSchema.nullish(),
  /** The worktree was removed by retention (the session's record, events and branch stay). */
  pruned: PrunedSchema.nullish(),
});
export type Session = z.infer<typeof SessionSchema>;

export const TURN_STATES = ['queued', 'running', 'done'] as const;
export const TurnSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  index: z.number().int().nonnegative(),
  prompt: z.string(),
  state: z.enum(TURN_STATES),
  stopReason: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  /** What the turn used; absent until it ends, or when the agent reported nothing. */
  usage: TurnUsageSchema.nullish(),
});
export type Turn = z.infer<typeof TurnSchema>;

export const PERMISSION_OPTION_KINDS = ['allow_once', 'allow_always', 'reject_once', 'reject_always'] as const;
export const PermissionOptionSchema = z.object({
  optionId: z.string(),
  name: z.string(),
  kind: z.enum(PERMISSION_OPTION_KINDS),
});
export type PermissionOption = z.infer<typeof PermissionOptionSchema>;

export const PermissionRequestSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  turnId: z.string().nullable(),
  toolCall: z.record(z.string(), z.unknown()),
  options: z.array(PermissionOptionSchema),
  state: z.enum(['pending', 'answered', 'cancelled']),
  chosenOptionId: z.string().nullable(),
  answeredBy: z.enum(['user', 'policy', 'system']).nullable(),
  createdAt: isoTime,
  answeredAt: isoTime.nullable(),
});
export type PermissionRequest = z.infer<typeof PermissionRequestSchema>;

export const ARTIFACT_KINDS = ['plan', 'diff', 'transcript', 'log', 'file'] as const;
export const ArtifactSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  projectId: z.string(),
  kind: z.enum(ARTIFACT_KINDS),
  path: z.string(),
  size: z.number().int().nonnegative(),
  turnIndex: z.number().int().nullable(),
  createdAt: isoTime,
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const PlanEntrySchema = z.object({
  content: z.string(),
  priority: z.string().optional(),
  status: z.string().optional(),
});
export type PlanEntry = z.infer<typeof PlanEntrySchema>;

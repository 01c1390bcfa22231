// Routes of what agents offer beyond turns: a session's settings and slash commands, usage and
// cost, logins, an agent's own earlier sessions, elicitations. Spread into ROUTES; docs/api.md
// describes each.
import { z } from 'zod';
import { ElicitationActionSchema, ElicitationContentSchema, ElicitationRequestSchema } from './elicitationEntities.js';
import { AgentTemplateViewSchema, SessionSchema, TemplateOverridesSchema } from './entities.js';
import { nonEmpty, route } from './routeDescriptor.js';
import { ConfigOptionSchema, SettingsRequestSchema, SlashCommandSchema } from './settingsEntities.js';
import { UsageGroupSchema, UsageReportSchema } from './usageEntities.js';

const API = '/api/v1';
const sessionParams = z.object({ id: nonEmpty });
/** A UTC day (`2026-12-07`) or a full ISO time. */
const timeBound = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(v) && !Number.isNaN(Date.parse(v)), 'a day (YYYY-MM-DD) or an ISO time');

export const SessionConfigSchema = z.object({
  /** What the agent offers, with its current values (empty until the agent first starts). */
  options: z.array(ConfigOptionSchema),
  requested: SettingsRequestSchema.nullable(),
  /** Changes asked for while a turn runs (or no agent runs): applied before the next prompt. */
  pending: SettingsRequestSchema.nullable(),
});
export type SessionConfig = z.infer<typeof SessionConfigSchema>;

export const AgentSessionInfoSchema = z.object({
  /** The agent's own session id (ACP `session/list`). */
  sessionId: z.string(),
  cwd: z.string(),
  title: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type AgentSessionInfo = z.infer<typeof AgentSessionInfoSchema>;

/** How a person runs an agent's terminal login: the agent's own command line with the method's args, in its HOME. */
export const TerminalLoginSchema = z.object({
  methodId: z.string(),
  name: z.string(),
  /** Program first (resolved to a full path where the daemon finds it), then its arguments. */
  command: z.array(z.string()).min(1),
  /** Set over the person's environment: the method's own variables and the agent's HOME. */
  env: z.record(z.string(), z.string()),
  cwd: z.string(),
});
export type TerminalLogin = z.infer<typeof TerminalLoginSchema>;

export const AGENT_FEATURE_ROUTES = {
  getSessionConfig: route({
    method: 'GET',
    path: `${API}/sessions/:id/config`,
    params: sessionParams,
    response: SessionConfigSchema,
  }),
  /** Checked against what the agent offers (400 naming an unknown option or value). */
  updateSessionConfig: route({
    method: 'PATCH',
    path: `${API}/sessions/:id/config`,
    params: sessionParams,
    body: SettingsRequestSchema,
    response: SessionConfigSchema.extend({
      session: SessionSchema,
      /** `now`: the agent took it; `next_prompt`: a turn runs, it is applied before the next one; `next_start`: no agent runs. */
      applied: z.enum(['now', 'next_prompt', 'next_start']),
    }),
  }),
  listCommands: route({
    method: 'GET',
    path: `${API}/sessions/:id/commands`,
    params: sessionParams,
    response: z.object({ commands: z.array(SlashCommandSchema) }),
  }),
  usageReport: route({
    method: 'GET',
    path: `${API}/usage`,
    query: z
      .object({
        project: nonEmpty.optional(),
        since: timeBound.optional(),
        until: timeBound.optional(),
        groupBy: UsageGroupSchema.default('session'),
      })
      .strict(),
    response: UsageReportSchema,
  }),
  /** The terminal login of a session's agent (`methodId`: which terminal method; needed only when it has several). */
  loginCommand: route({
    method: 'GET',
    path: `${API}/sessions/:id/login-command`,
    params: sessionParams,
    query: z.object({ methodId: nonEmpty.optional() }).strict(),
    response: TerminalLoginSchema,
  }),
  /**
   * Logs the session's agent in with one of its methods and resumes the session: ACP `authenticate`
   * for `agent` methods; for `terminal` ones (run by a person first, see loginCommand) the agent is
   * started again, as ACP asks. 409 `agent_refused` when the agent still refuses.
   */
  authenticate: route({
    method: 'POST',
    path: `${API}/sessions/:id/authenticate`,
    params: sessionParams,
    body: z.object({ methodId: nonEmpty }).strict(),
    response: z.object({ session: SessionSchema }),
  }),
  /** ACP `logout`, where the agent offers it. */
  logoutAgent: route({
    method: 'POST',
    path: `${API}/agents/:name/logout`,
    params: z.object({ name: nonEmpty }),
    response: z.object({ agent: z.string(), loggedOut: z.boolean(), message: z.string() }),
  }),
  /** Overrides of a built-in template (replacing earlier ones): it stays the built-in, with these merged in. */
  overrideAgent: route({
    method: 'POST',
    path: `${API}/agents/:name/overrides`,
    params: z.object({ name: nonEmpty }),
    body: TemplateOverridesSchema,
    response: z.object({ agent: AgentTemplateViewSchema }),
  }),
  /** Drops a built-in template's overrides. */
  resetAgent: route({
    method: 'DELETE',
    path: `${API}/agents/:name/overrides`,
    params: z.object({ name: nonEmpty }),
    response: z.object({ agent: AgentTemplateViewSchema }),
  }),
  /** The agent's own earlier sessions for the project (ACP `session/list`); start one with `fromAgentSession`. */
  listAgentSessions: route({
    method: 'GET',
    path: `${API}/projects/:project/agent-sessions`,
    params: z.object({ project: nonEmpty }),
    query: z.object({ agent: nonEmpty }).strict(),
    response: z.object({ sessions: z.array(AgentSessionInfoSchema) }),
  }),
  listElicitations: route({
    method: 'GET',
    path: `${API}/sessions/:id/elicitations`,
    params: sessionParams,
    query: z.object({ state: z.enum(['pending', 'answered', 'cancelled']).optional() }).strict(),
    response: z.object({ elicitations: z.array(ElicitationRequestSchema) }),
  }),
  answerElicitation: route({
    method: 'POST',
    path: `${API}/sessions/:id/elicitations/:requestId`,
    params: z.object({ id: nonEmpty, requestId: nonEmpty }),
    body: z
      .object({ action: ElicitationActionSchema, content: ElicitationContentSchema.optional() })
      .strict()
      .refine((b) => b.action !== 'accept' || b.content !== undefined, { message: 'accept needs the form content', path: ['content'] }),
    response: z.object({ elicitation: ElicitationRequestSchema }),
  }),
} as const;

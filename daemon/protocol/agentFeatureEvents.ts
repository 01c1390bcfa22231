// Event payloads of what agents offer beyond turns: settings (model, mode, options), slash
// commands, elicitations and logins. Spread into EVENT_PAYLOADS; docs/events.md describes each.
import { z } from 'zod';
import { ElicitationActionSchema, ElicitationRequestSchema } from './elicitationEntities.js';
import { ConfigOptionSchema, SettingsRequestSchema, SlashCommandSchema } from './settingsEntities.js';

export const AGENT_FEATURE_EVENT_PAYLOADS = {
  /** The whole current set of options, whenever the agent offers a new set or a value changes. */
  'session.config_changed': z.object({
    options: z.array(ConfigOptionSchema),
    /** What the session asks for now (null: nothing beyond the agent's defaults). */
    requested: SettingsRequestSchema.nullable(),
    /** Ids of the options whose value or choices changed (all of them when the agent first offers them). */
    changed: z.array(z.string()),
    /** Who changed it: the agent on its own, or a person's (or template's) request applied. */
    by: z.enum(['agent', 'user']),
  }),
  /** A change the agent refused or that names nothing it offers; nothing of the request was applied. */
  'session.config_refused': z.object({
    requested: SettingsRequestSchema,
    /** The option (`model`, `mode`, or an id) and value refused, and why. */
    option: z.string(),
    value: z.union([z.string(), z.boolean()]),
    message: z.string(),
  }),
  'session.commands_changed': z.object({ commands: z.array(SlashCommandSchema) }),
  'elicitation.requested': z.object({ request: ElicitationRequestSchema }),
  'elicitation.answered': z.object({
    requestId: z.string(),
    action: ElicitationActionSchema,
    answeredBy: z.enum(['user', 'system']),
  }),
  /** A login or logout through the agent's ACP `authenticate` / `logout`. */
  'agent.auth_changed': z.object({
    agent: z.string(),
    action: z.enum(['login', 'logout']),
    methodId: z.string().nullable(),
    ok: z.boolean(),
    message: z.string().nullable(),
  }),
} as const;

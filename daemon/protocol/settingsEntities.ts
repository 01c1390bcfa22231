// What an agent lets a person choose for a session (model, mode, effort, switches) and the slash
// commands it offers, in one shape for every agent. ACP has three ways to offer a choice:
// `configOptions` (schema 1.7, switched with session/set_config_option), the older `modes`
// (session/set_mode) and `models` (session/set_model, not in the stable schema); each option says
// which one it came from, so the daemon knows how to change it. This folder imports only zod.
import { z } from 'zod';

/** Where an option came from, and so which ACP method changes it. */
export const CONFIG_SOURCES = ['config', 'modes', 'models'] as const;

export const ConfigValueSchema = z.object({
  value: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** The group a grouped select puts it in (ACP `SessionConfigSelectGroup`), else null. */
  group: z.string().nullable(),
});
export type ConfigValue = z.infer<typeof ConfigValueSchema>;

export const ConfigOptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** ACP's category: `mode`, `model`, `thought_level` (effort), or an agent's own; null when none. */
  category: z.string().nullable(),
  type: z.enum(['select', 'boolean']),
  currentValue: z.union([z.string(), z.boolean()]).nullable(),
  /** The choices of a select (empty for a boolean). */
  values: z.array(ConfigValueSchema),
  source: z.enum(CONFIG_SOURCES),
});
export type ConfigOption = z.infer<typeof ConfigOptionSchema>;

/** A value a person asks for: a select's value (or its name, matched leniently), or a boolean. */
export const SettingValueSchema = z.union([z.string().trim().min(1, 'must not be empty').max(200), z.boolean()]);
export type SettingValue = z.infer<typeof SettingValueSchema>;

/**
 * What a person (or a template's defaults) asked for. `model` and `mode` name the option by its
 * category, `options` by its id (`reasoning_effort: "high"`). Stored on the session and applied
 * again whenever its agent starts (resume, restart).
 */
export const SettingsRequestSchema = z
  .object({
    model: SettingValueSchema.refine((v) => typeof v === 'string', 'a model id or name').optional(),
    mode: SettingValueSchema.refine((v) => typeof v === 'string', 'a mode id or name').optional(),
    options: z.record(z.string().trim().min(1).max(200), SettingValueSchema).optional(),
  })
  .strict();
export type SettingsRequest = z.infer<typeof SettingsRequestSchema>;

/** A slash command the agent offers (ACP `available_commands_update`). */
export const SlashCommandSchema = z.object({
  /** Without the slash: `review`. */
  name: z.string(),
  description: z.string(),
  /** What to type after the command, when it takes input. */
  inputHint: z.string().nullable(),
});
export type SlashCommand = z.infer<typeof SlashCommandSchema>;

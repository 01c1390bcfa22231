// Auth methods from an agent's `initialize` answer, in the protocol's own shape.
import { AuthMethodSchema, type AuthMethod } from '../protocol/entities.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringArray(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}

/**
 * Terminal logins: ACP's `type: 'terminal'` (the agent's own command line plus additional args)
 * or the older `_meta['terminal-auth']` (a command of its own).
 */
function terminalCommand(raw: Record<string, unknown>, agentCommandLine: string[]): string[] | undefined {
  if (raw.type === 'terminal') return [...agentCommandLine, ...(stringArray(raw.args) ?? [])];
  const meta = isRecord(raw._meta) ? raw._meta['terminal-auth'] : undefined;
  if (isRecord(meta) && typeof meta.command === 'string') return [meta.command, ...(stringArray(meta.args) ?? [])];
  return undefined;
}

function stringRecord(v: unknown): Record<string, string> | null {
  if (!isRecord(v)) return null;
  return Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : null;
}

/** The variable names of an `env_var` method (`vars: [{name}]`). */
function envVarNames(raw: Record<string, unknown>): string[] {
  if (raw.type !== 'env_var' || !Array.isArray(raw.vars)) return [];
  return raw.vars.flatMap((v) => (isRecord(v) && typeof v.name === 'string' ? [v.name] : []));
}

/** ACP's method kinds; a method without `type` is the default `agent` kind, an unknown one is left out. */
function methodType(raw: Record<string, unknown>, hasTerminalCommand: boolean): AuthMethod['type'] {
  if (raw.type === 'terminal' || raw.type === 'env_var') return raw.type;
  if (hasTerminalCommand) return 'terminal';
  return raw.type === undefined || raw.type === 'agent' ? 'agent' : undefined;
}

/** `agentCommandLine`: how the agent was launched (command, then args). */
export function translateAuthMethods(raw: unknown, agentCommandLine: string[]): AuthMethod[] {
  if (!Array.isArray(raw)) return [];
  const methods: AuthMethod[] = [];
  for (const item of raw) {
    if (!isRecord(item)) continue;
    const command = terminalCommand(item, agentCommandLine);
    const type = methodType(item, command !== undefined);
    const env = item.type === 'terminal' ? stringRecord(item.env) : null;
    const envVars = envVarNames(item);
    const parsed = AuthMethodSchema.safeParse({
      id: item.id,
      name: item.name,
      description: typeof item.description === 'string' ? item.description : null,
      ...(type ? { type } : {}),
      ...(command ? { terminalCommand: command } : {}),
      ...(env && Object.keys(env).length > 0 ? { terminalEnv: env } : {}),
      ...(envVars.length > 0 ? { envVars } : {}),
    });
    if (parsed.success) methods.push(parsed.data);
  }
  return methods;
}

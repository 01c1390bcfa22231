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

/** `agentCommandLine`: how the agent was launched (command, then args). */
export function translateAuthMethods(raw: unknown, agentCommandLine: string[]): AuthMethod[] {
  if (!Array.isArray(raw)) return [];
  const methods: AuthMethod[] = [];
  for (const item of raw) {
    if (!isRecord(item)) continue;
    const command = terminalCommand(item, agentCommandLine);
    const parsed = AuthMethodSchema.safeParse({
      id: item.id,
      name: item.name,
      description: typeof item.description === 'string' ? item.description : null,
      ...(command ? { terminalCommand: command } : {}),
    });
    if (parsed.success) methods.push(parsed.data);
  }
  return methods;
}

// The composer's `/` completion as plain functions: whether the text is a command being typed,
// which of the agent's commands match, and the text a pick leaves in the box. The picked command
// is sent as an ordinary prompt (`/review src`): agents parse their own commands.
import type { SlashCommand } from '../../daemon/protocol/settingsEntities.js';

/** The name typed so far after a leading `/` (no space yet), or null when the text is not a command being typed. */
export function commandQuery(text: string): string | null {
  const m = /^\/(\S*)$/.exec(text);
  return m ? m[1]! : null;
}

/** Commands whose name starts with the query first, then those whose name or description contains it. */
export function matchCommands(commands: readonly SlashCommand[], query: string): SlashCommand[] {
  const q = query.toLowerCase();
  const starts = commands.filter((c) => c.name.toLowerCase().startsWith(q));
  const contains = commands.filter((c) => !starts.includes(c) && (c.name.toLowerCase().includes(q) || c.description.toLowerCase().includes(q)));
  return [...starts, ...contains];
}

/** What the box holds after picking a command: `/name ` ready for its input. */
export function pickedText(command: SlashCommand): string {
  return `/${command.name} `;
}

/** The command the text starts with (`/review src` → review), to show its input hint; null if none. */
export function commandInText(commands: readonly SlashCommand[], text: string): SlashCommand | null {
  const m = /^\/(\S+)\s/.exec(text);
  return m ? (commands.find((c) => c.name === m[1]) ?? null) : null;
}

/** The highlighted row after an arrow key, wrapping around. */
export function moveSelection(current: number, count: number, step: 1 | -1): number {
  if (count === 0) return 0;
  return (current + step + count) % count;
}

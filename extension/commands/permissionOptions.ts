// Reading a permission request: what it is about, and which of the agent's options a plain
// "allow" or "reject" means. Pure, shared by the commands and the notifications.
import type { PermissionOption, PermissionRequest } from '../../daemon/protocol/entities.js';

export type Verdict = 'allow' | 'reject';

/** A short name for what the agent wants to do, from the ACP tool call it attached. */
export function describeToolCall(request: Pick<PermissionRequest, 'toolCall'>): string {
  const tc = request.toolCall as { title?: unknown; kind?: unknown };
  if (typeof tc.title === 'string' && tc.title.trim()) return tc.title.trim();
  if (typeof tc.kind === 'string') return `${tc.kind} tool call`;
  return 'a tool call';
}

/** The option a verdict means: prefer the "once" flavour; null when the agent offers none. */
export function optionFor(options: readonly PermissionOption[], verdict: Verdict): PermissionOption | null {
  const order = verdict === 'allow' ? ['allow_once', 'allow_always'] : ['reject_once', 'reject_always'];
  for (const kind of order) {
    const hit = options.find((o) => o.kind === kind);
    if (hit) return hit;
  }
  return null;
}

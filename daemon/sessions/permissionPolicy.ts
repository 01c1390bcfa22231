// Which permission requests a session's policy answers without asking a person.
import type { PermissionOption, PermissionPolicy } from '../protocol/entities.js';

/** Tool kinds that only look (ACP `ToolKind`); `allow-reads` lets these through. */
const READ_KINDS = new Set(['read', 'search', 'fetch', 'think']);

/** The option the policy picks, or null when a person must answer. */
export function policyChoice(
  policy: PermissionPolicy,
  toolCall: Record<string, unknown>,
  options: readonly PermissionOption[],
): PermissionOption | null {
  const allow = options.find((o) => o.kind === 'allow_once') ?? options.find((o) => o.kind === 'allow_always');
  if (!allow) return null;
  if (policy === 'allow-all') return allow;
  if (policy === 'allow-reads' && typeof toolCall.kind === 'string' && READ_KINDS.has(toolCall.kind)) return allow;
  return null;
}

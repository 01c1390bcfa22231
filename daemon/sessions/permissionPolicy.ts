// Which permission requests a session answers without asking a person, and how. Two rules come
// before the session's policy and hold whatever it is: a read-only session changes no file, and
// no session changes a file outside its worktree. Pure apart from looking at the filesystem
// through `resolve` (symlinks), which callers may replace.
import type { PermissionOption, PermissionPolicy } from '../protocol/entities.js';
import { changesFiles, toolCallPaths } from './toolCallPaths.js';
import { firstEscape, physicalPath, type PathResolver } from './worktreeContainment.js';

/** Tool kinds that only look (ACP `ToolKind`); `allow-reads` lets these through. */
const READ_KINDS = new Set(['read', 'search', 'fetch', 'think']);

/** The session facts a decision needs. */
export interface PolicyFacts {
  policy: PermissionPolicy;
  /** analyze/review sessions: they run in the person's own checkout and must not change it. */
  readOnly: boolean;
  /** Nothing outside this directory may be changed: the session's worktree (its cwd when it has none). */
  root: string;
  /** Where relative paths in a tool call resolve: the agent's working directory. */
  cwd: string;
}

export type PolicyDecision =
  | { kind: 'allow'; option: PermissionOption; rule: string }
  | { kind: 'reject'; option: PermissionOption; rule: string }
  /** The agent offered no reject option: `cancelled` is the only refusal left. */
  | { kind: 'cancel'; rule: string };

function refuse(options: readonly PermissionOption[], rule: string): PolicyDecision {
  const reject = options.find((o) => o.kind === 'reject_once') ?? options.find((o) => o.kind === 'reject_always');
  return reject ? { kind: 'reject', option: reject, rule } : { kind: 'cancel', rule };
}

/** How the policy answers the request, or null when a person must. */
export function policyChoice(
  facts: PolicyFacts,
  toolCall: Record<string, unknown>,
  options: readonly PermissionOption[],
  resolve: PathResolver = physicalPath,
): PolicyDecision | null {
  const kind = typeof toolCall.kind === 'string' ? toolCall.kind : null;
  const changes = changesFiles(toolCall);
  // Leaving the agent's own read-only mode (Claude's ExitPlanMode asks as `switch_mode`) would let
  // it edit without asking at all, so a read-only session refuses that as well.
  if (facts.readOnly && (changes || kind === 'switch_mode')) return refuse(options, 'read-only-session');
  const paths = changes ? toolCallPaths(toolCall) : [];
  if (changes) {
    // Refused under `ask` too, not handed to a person: the worktree is the boundary the session
    // promises, and one hurried click must not be able to break it. A person who wants a file
    // outside changed can do it themselves.
    const escape = firstEscape(paths, facts, resolve);
    if (escape !== null) return refuse(options, `outside-worktree: ${escape}`);
  }
  const allow = options.find((o) => o.kind === 'allow_once') ?? options.find((o) => o.kind === 'allow_always');
  if (!allow) return null;
  // A change that names no path cannot be shown to stay inside: a person decides.
  if (changes && paths.length === 0) return null;
  if (facts.policy === 'allow-all') return { kind: 'allow', option: allow, rule: 'allow-all' };
  if (facts.policy === 'allow-reads' && !changes && kind !== null && READ_KINDS.has(kind)) {
    return { kind: 'allow', option: allow, rule: `allow-reads: ${kind}` };
  }
  return null;
}

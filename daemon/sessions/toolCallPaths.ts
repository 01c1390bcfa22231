// What a permission request would change, read from the tool call as the agent sent it: whether it
// changes files at all, and every path it names. Agents put those paths in different places (ACP
// `locations` and diff content; Claude's tool inputs; Codex's `changes` map and apply_patch text),
// so all of them are read. Pure: deciding whether a path is inside the worktree is
// worktreeContainment.ts's job.

/** ACP tool kinds that change files. */
const CHANGE_KINDS = new Set(['edit', 'delete', 'move']);

/** rawInput keys whose string (or string array) values are paths, at any depth. */
const PATH_KEYS = new Set(['file_path', 'path', 'notebook_path', 'filePath', 'target', 'destination', 'source', 'move_path']);

/** Codex's approval events key their changes by path: `{changes: {"/abs/a.ts": {...}}}`. */
const CHANGES_KEY = 'changes';

/** apply_patch headers naming a file (Codex's patch format). */
const PATCH_HEADER = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/;

/** Deep enough for every agent seen; a bound so a hostile rawInput cannot make the walk expensive. */
const MAX_DEPTH = 8;
const MAX_PATHS = 1000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasDiff(toolCall: Record<string, unknown>): boolean {
  return Array.isArray(toolCall.content) && toolCall.content.some((c) => isRecord(c) && c.type === 'diff');
}

/**
 * Whether the tool call would change files: kind edit, delete or move, or any call carrying a diff.
 * The diff counts on its own because newer Claude adapters leave `kind` out of permission requests
 * (it was sent earlier, on the tool_call) but always include the diff.
 */
export function changesFiles(toolCall: Record<string, unknown>): boolean {
  return (typeof toolCall.kind === 'string' && CHANGE_KINDS.has(toolCall.kind)) || hasDiff(toolCall);
}

/**
 * The paths named by an apply_patch text. Only text that starts like a patch is read, so a file's
 * content that merely quotes a patch header (rawInput.content of a Write) names no path.
 */
export function patchPaths(text: string): string[] {
  if (!text.trimStart().startsWith('*** Begin Patch')) return [];
  const paths: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = PATCH_HEADER.exec(line.trimEnd());
    if (m?.[1]) paths.push(m[1].trim());
  }
  return paths;
}

function collectRaw(value: unknown, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || out.length >= MAX_PATHS) return;
  if (typeof value === 'string') {
    out.push(...patchPaths(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectRaw(item, depth + 1, out);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (PATH_KEYS.has(key)) {
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') out.push(item);
    }
    if (key === CHANGES_KEY && isRecord(v)) out.push(...Object.keys(v));
    collectRaw(v, depth + 1, out);
  }
}

/** Every path the tool call names, in the order found, without duplicates or empty strings. */
export function toolCallPaths(toolCall: Record<string, unknown>): string[] {
  const found: string[] = [];
  if (Array.isArray(toolCall.locations)) {
    for (const loc of toolCall.locations) if (isRecord(loc) && typeof loc.path === 'string') found.push(loc.path);
  }
  if (Array.isArray(toolCall.content)) {
    for (const c of toolCall.content) if (isRecord(c) && c.type === 'diff' && typeof c.path === 'string') found.push(c.path);
  }
  collectRaw(toolCall.rawInput, 0, found);
  return [...new Set(found.filter((p) => p.length > 0))];
}

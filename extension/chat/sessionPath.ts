// Which file an "open" link in the chat may open: paths come from the agent (tool call
// locations) or the daemon (file.written, relative to the session directory), and reach the host
// through the webview, so they are resolved against the session's directory and anything that
// lands outside it — `..`, another absolute path, a symlink pointing out — is refused.
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/** The absolute path inside `root`, or null when `requested` points outside it. Lexical only. */
export function resolveInside(root: string, requested: string): string | null {
  const base = path.resolve(root);
  const full = path.resolve(base, requested);
  return full === base || full.startsWith(base + path.sep) ? full : null;
}

export type OpenTarget = { ok: true; path: string } | { ok: false; reason: string };

/** Resolves and confines a path, following symlinks; says why when it cannot be opened. */
export async function confineToSession(root: string, requested: string): Promise<OpenTarget> {
  const lexical = resolveInside(root, requested);
  if (lexical === null) return { ok: false, reason: `${requested} is outside this session's directory` };
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(root);
    realFile = await realpath(lexical);
  } catch {
    return { ok: false, reason: `${path.relative(root, lexical) || requested} does not exist (any more)` };
  }
  if (resolveInside(realRoot, realFile) === null) return { ok: false, reason: `${requested} links outside this session's directory` };
  return { ok: true, path: realFile };
}

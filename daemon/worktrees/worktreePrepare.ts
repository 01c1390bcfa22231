// Making a new session worktree ready to work in: the git-ignored files it needs, from
// `.worktreeinclude` and `.switchboard/config.json` of the project checkout. A broken config
// never fails the session: it is reported, and `.worktreeinclude` still applies.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EventPayload } from '../protocol/events.js';
import { normalizeIncludeRule, parseProjectConfig, PROJECT_CONFIG_FILE, type ProjectConfig } from '../protocol/projectConfig.js';
import { bringIncludedFiles, matchIncludedFiles, readWorktreeInclude } from './worktreeInclude.js';

export interface PreparedWorktree {
  /** The `worktree.prepared` event's payload. */
  prepared: EventPayload<'worktree.prepared'>;
  /** The config as parsed (null when absent or broken), for later steps (setup, ports, env). */
  config: ProjectConfig | null;
}

/** The checkout's config: null when there is none, else the parsed config or its error. */
export async function readProjectConfig(repoPath: string): Promise<{ config: ProjectConfig | null; error: string | null }> {
  const text = await readFile(path.join(repoPath, PROJECT_CONFIG_FILE), 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  });
  if (text === null) return { config: null, error: null };
  const parsed = parseProjectConfig(text, PROJECT_CONFIG_FILE);
  return parsed.error === undefined ? { config: parsed.config, error: null } : { config: null, error: parsed.error };
}

/** Brings the included files of the checkout at `repoPath` into the new worktree. */
export async function prepareWorktree(repoPath: string, worktreePath: string): Promise<PreparedWorktree> {
  const { config, error } = await readProjectConfig(repoPath);
  const rules = [...(await readWorktreeInclude(repoPath)), ...(config?.include ?? []).map(normalizeIncludeRule)];
  const result = await bringIncludedFiles(repoPath, worktreePath, await matchIncludedFiles(repoPath, rules));
  return { prepared: { ...result, rules: rules.length, configError: error }, config };
}

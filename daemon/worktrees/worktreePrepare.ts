// Making a new session worktree ready to work in: the git-ignored files it needs, from
// `.worktreeinclude` and `.switchboard/config.json` of the project checkout. A broken config
// never fails the session: it is reported, and `.worktreeinclude` still applies.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EventPayload } from '../protocol/events.js';
import { normalizeIncludeRule, parseProjectConfig, PROJECT_CONFIG_FILE, type IncludeMode, type ProjectConfig } from '../protocol/projectConfig.js';
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

/** Which files a new worktree gets, decided from the checkout alone (so it can run while the worktree is made). */
export interface IncludePlan {
  files: Map<string, IncludeMode>;
  rules: number;
  config: ProjectConfig | null;
  configError: string | null;
}

/**
 * Reads `.worktreeinclude` and lists (through git) the ignored files the rules select. `config` is
 * the project config in effect (the API override, else the repository's file); without one given,
 * the repository's file is read.
 */
export async function planIncludes(repoPath: string, given?: { config: ProjectConfig | null; error: string | null }): Promise<IncludePlan> {
  const { config, error } = given ?? (await readProjectConfig(repoPath));
  const rules = [...(await readWorktreeInclude(repoPath)), ...(config?.include ?? []).map(normalizeIncludeRule)];
  return { files: await matchIncludedFiles(repoPath, rules), rules: rules.length, config, configError: error };
}

/** Brings the planned files of the checkout at `repoPath` into the new worktree. */
export async function bringPlanned(repoPath: string, worktreePath: string, plan: IncludePlan): Promise<PreparedWorktree> {
  const result = await bringIncludedFiles(repoPath, worktreePath, plan.files);
  return { prepared: { ...result, rules: plan.rules, configError: plan.configError }, config: plan.config };
}

/** Brings the included files of the checkout at `repoPath` into the new worktree (the repository's own config). */
export async function prepareWorktree(repoPath: string, worktreePath: string): Promise<PreparedWorktree> {
  return bringPlanned(repoPath, worktreePath, await planIncludes(repoPath));
}

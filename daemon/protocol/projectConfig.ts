// The repository's own `.switchboard/config.json`: what a new worktree needs (setup and teardown
// commands, ignored files brought in, ports, env). Parsed strictly, so a misspelt key is an error
// rather than a silently ignored wish; every error names the key path and its line in the file.
// docs/worktree-setup.md describes the file. This module imports only zod (it is protocol).
import { z } from 'zod';

/** How an included file reaches the worktree; see docs/worktree-setup.md for which suits what. */
export const IncludeModeSchema = z.enum(['copy', 'reflink', 'hardlink']);
export type IncludeMode = z.infer<typeof IncludeModeSchema>;

/** A gitignore-syntax rule; a plain string means `copy`. */
export const IncludeRuleSchema = z.union([
  z.string().min(1),
  z.strictObject({ path: z.string().min(1), mode: IncludeModeSchema.default('copy') }),
]);
export type IncludeRule = z.infer<typeof IncludeRuleSchema>;

export const PortsConfigSchema = z
  .strictObject({
    count: z.number().int().min(1).max(1000).optional(),
    range: z.tuple([z.number().int().min(1).max(65535), z.number().int().min(1).max(65535)]).optional(),
    names: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a port name is letters, digits and _ (it becomes an env variable name)')).optional(),
  })
  .refine((p) => !p.range || p.range[0] <= p.range[1], { message: 'range is [from, to] with from <= to', path: ['range'] });

export const ProjectConfigSchema = z.strictObject({
  setup: z.array(z.string().min(1)).default([]),
  teardown: z.array(z.string().min(1)).default([]),
  /** Each setup or teardown command may run this long before it is ended and counted as failed. */
  setupTimeoutSeconds: z.number().int().min(1).max(86_400).default(600),
  include: z.array(IncludeRuleSchema).default([]),
  ports: PortsConfigSchema.optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an env name is letters, digits and _'), z.string()).default({}),
  /** Keep one spare worktree of the default branch ready, so the next session starts from it (costs its disk). */
  warmWorktree: z.boolean().default(false),
});
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

/** The path of the config file inside a repository (posix spelling). */
export const PROJECT_CONFIG_FILE = '.switchboard/config.json';

export type ProjectConfigResult = { config: ProjectConfig; error?: undefined } | { config?: undefined; error: string };

/** An include rule in one shape: its pattern and mode. */
export function normalizeIncludeRule(rule: IncludeRule): { pattern: string; mode: IncludeMode } {
  return typeof rule === 'string' ? { pattern: rule, mode: 'copy' } : { pattern: rule.path, mode: rule.mode };
}

/**
 * Pure: the config, or one error message naming the file, the key path and its line (for a JSON
 * syntax error, the line of the offending character).
 */
export function parseProjectConfig(text: string, fileName: string): ProjectConfigResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /at position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? lineAt(text, text.length) : lineAt(text, Number(position));
    return { error: `${fileName}:${line}: not valid JSON: ${message}` };
  }
  const parsed = ProjectConfigSchema.safeParse(raw);
  if (parsed.success) return { config: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { error: `${fileName}: invalid` };
  // An unknown key's path is its parent's; name the key itself, which is what the user wrote.
  const keyPath = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
  const line = keyLines(text).get(pathKey(keyPath)) ?? 1;
  const shown = keyPath.length === 0 ? '(top level)' : keyPath.map(String).join('.');
  return { error: `${fileName}:${line}: ${shown}: ${issue.message}` };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function pathKey(keyPath: readonly PropertyKey[]): string {
  return JSON.stringify(keyPath.map((k) => (typeof k === 'number' ? k : String(k))));
}

/**
 * The line on which each key (or array element) of already-valid JSON starts, by path. JSON.parse
 * keeps no positions, so this walks the text once; it relies on the text having parsed.
 */
function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i] ?? '')) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (at: (string | number)[]): void => {
    skipSpace();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      for (let index = 0; ; index++) {
        skipSpace();
        if (text[i] === '}' || text[i] === ']') break;
        let key: string | number = index;
        if (c === '{') {
          key = readString();
          skipSpace();
          i++; // the colon
        }
        lines.set(pathKey([...at, key]), line);
        value([...at, key]);
        skipSpace();
        if (text[i] === ',') i++;
      }
      i++;
    } else if (c === '"') readString();
    else while (i < text.length && !/[\s,\]}]/.test(text[i] ?? '')) i++;
  };
  value([]);
  return lines;
}

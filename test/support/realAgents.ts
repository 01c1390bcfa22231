// Real ACP agents from npm in tests: whether they are installed, skipping (loudly) or failing when
// they are not, and agent templates on a test daemon that point them at a model stand-in instead
// of the vendor's API, so they run offline with no key.
import fs from 'node:fs';
import path from 'node:path';
import { builtinTemplates } from '../../daemon/agents/builtinTemplates.js';
import { findCommand } from '../../daemon/agents/commandLookup.js';
import { statePaths } from '../../daemon/system/stateDir.js';
import type { DaemonProcess } from './daemonHarness.js';
import type { ModelStandin } from './modelStandins/scenario.js';

export type RealAgentKind = 'claude' | 'codex';

/** The versions these tests were measured with; others may speak differently to the model API. */
const MEASURED_VERSIONS: Record<RealAgentKind, string> = { claude: '0.23.1', codex: '0.16.0' };

/** The agent's command and npm package, as its built-in template names them. */
export function realAgent(kind: RealAgentKind): { command: string; npmPackage: string; version: string } {
  const template = builtinTemplates('').find((t) => t.name === kind);
  if (!template?.npmPackage) throw new Error(`no built-in template "${kind}" with an npm package`);
  return { command: template.spawn.command, npmPackage: template.npmPackage, version: MEASURED_VERSIONS[kind] };
}

/** Set to 1 where the agents must be there (CI): a missing agent then fails instead of skipping. */
export const REQUIRE_ENV = 'SWITCHBOARD_REQUIRE_REAL_AGENTS';

export function realAgentInstalled(kind: RealAgentKind): boolean {
  return findCommand(realAgent(kind).command, process.env.PATH ?? '') !== null;
}

/** Skips the test (with a warning naming the package) when the agent is not on PATH, or fails under SWITCHBOARD_REQUIRE_REAL_AGENTS=1. */
export function requireRealAgent(ctx: Mocha.Context, kind: RealAgentKind): void {
  if (realAgentInstalled(kind)) return;
  const { command, npmPackage, version } = realAgent(kind);
  const why = `${command} is not on PATH; install ${npmPackage}@${version} (npm install --prefix DIR ${npmPackage}@${version}, then put DIR/node_modules/.bin on PATH)`;
  if (process.env[REQUIRE_ENV] === '1') throw new Error(`${REQUIRE_ENV}=1 and ${why}`);
  console.warn(`    SKIPPED LOUDLY: ${why}`);
  ctx.skip();
}

/** The variable Codex reads its key from (named in config.toml); the stand-in accepts any value. */
const CODEX_KEY_ENV = 'SWITCHBOARD_STANDIN_OPENAI_KEY';
const CODEX_PROVIDER = 'standin';

/** Codex ignores OPENAI_BASE_URL; a provider table in $HOME/.codex/config.toml is what redirects it. */
export function codexConfigToml(standinUrl: string): string {
  // JSON strings are valid TOML basic strings for these values (no control characters).
  const q = (s: string) => JSON.stringify(s);
  return [
    // A model id Codex knows: with an unknown one it offers no apply_patch tool.
    `model = ${q('gpt-5.4')}`,
    `model_provider = ${q(CODEX_PROVIDER)}`,
    'check_for_update_on_startup = false',
    '',
    `[model_providers.${CODEX_PROVIDER}]`,
    `name = ${q('Switchboard model stand-in')}`,
    `base_url = ${q(`${standinUrl}/v1`)}`,
    `wire_api = ${q('responses')}`,
    `env_key = ${q(CODEX_KEY_ENV)}`,
    // A scripted error must reach the session as it is, not be retried into the next step.
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

/** Template env that sends Claude Code to the stand-in and keeps it from calling anyone else. */
export function claudeEnv(standinUrl: string): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: standinUrl,
    ANTHROPIC_API_KEY: 'standin-key-not-a-secret',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
  };
}

/**
 * Registers template `name` on the daemon: the real agent, aimed at `standin`, with the built-in
 * template's `sandboxedArgs` (what users get) plus `extraSandboxedArgs`. For Codex the config
 * goes into the HOME the daemon gives this template (<state dir>/agent-homes/<name>), written now,
 * before any session starts the agent.
 */
export async function addStandinTemplate(
  daemon: DaemonProcess,
  kind: RealAgentKind,
  standin: ModelStandin,
  name = `${kind}-standin`,
  extraSandboxedArgs: readonly string[] = [],
): Promise<string> {
  const { command, npmPackage } = realAgent(kind);
  const sandboxedArgs = [...(builtinTemplates('').find((t) => t.name === kind)?.spawn.sandboxedArgs ?? []), ...extraSandboxedArgs];
  let env: Record<string, string>;
  if (kind === 'claude') {
    env = claudeEnv(standin.url);
  } else {
    const codexDir = path.join(statePaths(daemon.home).agentHome(name), '.codex');
    fs.mkdirSync(codexDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(codexDir, 'config.toml'), codexConfigToml(standin.url));
    env = { [CODEX_KEY_ENV]: 'standin-key-not-a-secret' };
  }
  await daemon.client.api.addAgent({
    body: { name, description: `${command} against a scripted model stand-in`, command, args: [], env, npmPackage, ...(sandboxedArgs.length > 0 ? { sandboxedArgs } : {}) },
  });
  return name;
}

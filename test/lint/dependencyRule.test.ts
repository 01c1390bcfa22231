// The dependency rule of docs/architecture.md, checked against the real lint configuration: for
// every pair of folders, a probe file in one (nested folders too) imports a module of the other,
// and ESLint must reject exactly the edges the rule forbids and accept the ones it allows. The
// same for packages. Every case is generated from the tables below, which restate the rule as
// the docs write it (independently of eslint.config.mjs, so a drift in either shows here).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { ROOT } from '../support/daemonHarness.js';

const RULE_ID = 'switchboard/dependency-rule';

const PROTOCOL = 'daemon/protocol';
const SYSTEM = 'daemon/system';
const INNER = ['daemon/agents', 'daemon/worktrees', 'daemon/containers', 'daemon/storage'];

/** Each folder and the other folders it may import: inward only. */
const MAY_IMPORT: Record<string, string[]> = {
  [PROTOCOL]: [],
  [SYSTEM]: [PROTOCOL],
  'daemon/storage': [PROTOCOL, SYSTEM],
  'daemon/worktrees': [PROTOCOL, SYSTEM],
  'daemon/agents': [PROTOCOL, SYSTEM],
  'daemon/containers': [PROTOCOL, SYSTEM, 'daemon/agents'],
  'daemon/sessions': [PROTOCOL, SYSTEM, ...INNER],
  'daemon/ws': [PROTOCOL, SYSTEM, 'daemon/sessions'],
  'daemon/http': [PROTOCOL, SYSTEM, 'daemon/sessions', 'daemon/ws'],
  'daemon/main': [PROTOCOL, SYSTEM, ...INNER, 'daemon/sessions', 'daemon/ws', 'daemon/http'],
  client: [PROTOCOL],
  cli: [PROTOCOL, 'client'],
  extension: [PROTOCOL, 'client'],
  'webview-ui': [PROTOCOL],
};

/** Where probes of each folder live (nested folders included), and a real module of it to import. */
const PLACES: Record<string, { probes: string[]; module: string }> = {
  [PROTOCOL]: { probes: ['daemon/protocol/x.ts'], module: 'daemon/protocol/errors.ts' },
  [SYSTEM]: { probes: ['daemon/system/x.ts'], module: 'daemon/system/logger.ts' },
  'daemon/storage': { probes: ['daemon/storage/x.ts'], module: 'daemon/storage/store.ts' },
  'daemon/worktrees': { probes: ['daemon/worktrees/x.ts'], module: 'daemon/worktrees/gitError.ts' },
  'daemon/agents': { probes: ['daemon/agents/x.ts', 'daemon/agents/demo/x.ts'], module: 'daemon/agents/runtime.ts' },
  'daemon/containers': { probes: ['daemon/containers/x.ts'], module: 'daemon/containers/errors.ts' },
  'daemon/sessions': { probes: ['daemon/sessions/x.ts'], module: 'daemon/sessions/ids.ts' },
  'daemon/ws': { probes: ['daemon/ws/x.ts'], module: 'daemon/ws/eventFeed.ts' },
  'daemon/http': { probes: ['daemon/http/x.ts'], module: 'daemon/http/server.ts' },
  'daemon/main': { probes: ['daemon/main.ts'], module: 'daemon/main.ts' },
  client: { probes: ['client/x.ts'], module: 'client/stateDir.ts' },
  cli: { probes: ['cli/x.ts', 'cli/commands/x.ts'], module: 'cli/run.ts' },
  extension: { probes: ['extension/x.ts', 'extension/chat/x.ts'], module: 'extension/extension.ts' },
  'webview-ui': { probes: ['webview-ui/x.ts', 'webview-ui/chat/view/x.ts'], module: 'webview-ui/chat/chatModel.ts' },
};

/** Single files one folder may import from another it otherwise may not: the host↔webview message contracts. */
const SHARED_FILES: Array<{ from: string; file: string }> = [
  { from: 'extension', file: 'webview-ui/chat/messages.ts' },
  { from: 'extension', file: 'webview-ui/desktop/messages.ts' },
];

/** Packages only one folder may import (a subpath counts as the package). */
const PACKAGE_OWNERS: Record<string, string> = {
  'better-sqlite3': 'daemon/storage',
  dockerode: 'daemon/containers',
  '@agentclientprotocol/sdk': 'daemon/agents',
  '@agentclientprotocol/sdk/dist/schema.js': 'daemon/agents',
};

/** Further package rules of single folders: what each may, and may not, import. */
const FOLDER_PACKAGES: Array<{ from: string; allowed: string[]; forbidden: string[] }> = [
  { from: PROTOCOL, allowed: ['zod'], forbidden: ['node:fs', 'fs', 'ws', 'vscode'] },
  { from: 'client', allowed: ['node:fs', 'node:child_process'], forbidden: ['ws', 'zod', 'vscode'] },
  { from: 'webview-ui', allowed: ['zod'], forbidden: ['vscode', 'node:fs', 'path'] },
  { from: 'daemon/http', allowed: ['ws', 'node:http'], forbidden: [] },
  { from: 'extension', allowed: ['vscode', 'ws'], forbidden: [] },
];

interface Case {
  probe: string;
  specifier: string;
  allowed: boolean;
  /** Why this case exists, for the test's title. */
  edge: string;
}

/** `import '…'` of `target` from `probe`, as the source would spell it (`.js` for a `.ts` module). */
function relativeSpecifier(probe: string, target: string): string {
  const rel = path.posix.relative(path.posix.dirname(probe), target).replace(/\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function folderCases(): Case[] {
  const cases: Case[] = [];
  for (const [from, may] of Object.entries(MAY_IMPORT)) {
    for (const probe of PLACES[from]!.probes) {
      for (const [to, place] of Object.entries(PLACES)) {
        if (to === from && place.module === probe) continue;
        const allowed = to === from || may.includes(to);
        cases.push({ probe, specifier: relativeSpecifier(probe, place.module), allowed, edge: `${from} → ${to}` });
      }
      for (const s of SHARED_FILES) {
        cases.push({ probe, specifier: relativeSpecifier(probe, s.file), allowed: s.from === from || may.includes(folderOf(s.file)) || folderOf(s.file) === from, edge: `${from} → ${s.file}` });
      }
    }
  }
  return cases;
}

function packageCases(): Case[] {
  const cases: Case[] = [];
  for (const from of Object.keys(MAY_IMPORT)) {
    const probe = PLACES[from]!.probes.at(-1)!;
    for (const [pkg, owner] of Object.entries(PACKAGE_OWNERS)) {
      cases.push({ probe, specifier: pkg, allowed: owner === from, edge: `${from} → ${pkg}` });
    }
  }
  for (const f of FOLDER_PACKAGES) {
    for (const probe of PLACES[f.from]!.probes) {
      for (const pkg of f.allowed) cases.push({ probe, specifier: pkg, allowed: true, edge: `${f.from} → ${pkg}` });
      for (const pkg of f.forbidden) cases.push({ probe, specifier: pkg, allowed: false, edge: `${f.from} → ${pkg}` });
    }
  }
  return cases;
}

function folderOf(file: string): string {
  return Object.keys(PLACES).find((f) => file === PLACES[f]!.module || file.startsWith(`${f}/`)) ?? file;
}

async function ruleMessages(eslint: ESLint, probe: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, probe) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE_ID || m.fatal).map((m) => m.message);
}

describe('lint enforces the dependency rule on every folder, nested ones included', function () {
  this.timeout(120_000);
  const eslint = new ESLint({ cwd: ROOT });

  it('probes import modules that exist', () => {
    for (const file of [...Object.values(PLACES).map((p) => p.module), ...SHARED_FILES.map((s) => s.file)]) {
      assert.ok(fs.existsSync(path.join(ROOT, file)), `${file} is gone: point the probe at a module that exists`);
    }
  });

  for (const c of [...folderCases(), ...packageCases()]) {
    it(`${c.allowed ? 'accepts' : 'rejects'} ${c.edge} (${c.probe}: import '${c.specifier}')`, async () => {
      const messages = await ruleMessages(eslint, c.probe, `import '${c.specifier}';\n`);
      if (c.allowed) assert.deepEqual(messages, []);
      else assert.equal(messages.length, 1, `expected lint to refuse the import; it said ${JSON.stringify(messages)}`);
    });
  }

  it('counts type-only imports, re-exports and dynamic imports as edges too', async () => {
    const code = [
      "import type { Store } from '../storage/store.js';",
      "export { GitError } from '../worktrees/gitError.js';",
      "export * from '../containers/errors.js';",
      "export const later = () => import('../storage/store.js');",
      'export type S = Store;',
    ].join('\n');
    assert.equal((await ruleMessages(eslint, 'daemon/http/x.ts', code)).length, 4);
  });

  it('refuses a daemon folder the table does not know, until someone places it in the rule', async () => {
    const messages = await ruleMessages(eslint, 'daemon/newlayer/x.ts', "import '../protocol/errors.js';\n");
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /daemon\/newlayer\/ is not in the dependency table/);
  });
});

// Lint is where the dependency rule of docs/architecture.md is enforced. The table below says,
// for every folder of production code, which other folders it may import (imports inside a
// folder, nested folders included, are always fine) and which packages. `switchboard/dependency-rule`
// (scripts/lint/dependencyRule.mjs) resolves each relative import against the importing file
// and judges the folder it lands in, whatever the `../` depth; test/lint/dependencyRule.test.ts
// probes every forbidden and every allowed edge.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { dependencyRule } from './scripts/lint/dependencyRule.mjs';

const P = 'daemon/protocol';
const SYSTEM = 'daemon/system';
const DAEMON_FOLDERS = ['daemon/http', 'daemon/ws', 'daemon/sessions', 'daemon/agents', 'daemon/containers', 'daemon/worktrees', 'daemon/storage', SYSTEM, P];

/** Each folder: the folders it may import, and what it may import from npm and Node. */
const folders = {
  // The contract every process shares: a leaf.
  [P]: { imports: [], packages: { only: ['zod'] } },
  // Inside the daemon, dependencies point inward: http/, ws/ → sessions/ → agents/, worktrees/,
  // containers/, storage/ → system/. Every layer may use the contract.
  [SYSTEM]: { imports: [P] },
  'daemon/storage': { imports: [P, SYSTEM] },
  'daemon/worktrees': { imports: [P, SYSTEM] },
  'daemon/agents': { imports: [P, SYSTEM] },
  // The one edge between siblings: the docker runtimes implement the runtime-provider interface
  // that agents/ defines (agents/runtime.ts) and reuse its start errors; agents/ never imports back.
  'daemon/containers': { imports: [P, SYSTEM, 'daemon/agents'] },
  'daemon/sessions': { imports: [P, SYSTEM, 'daemon/agents', 'daemon/worktrees', 'daemon/containers', 'daemon/storage'] },
  'daemon/ws': { imports: [P, SYSTEM, 'daemon/sessions'], hint: 'reach inner layers through a service in daemon/sessions/' },
  // http/ hosts the stream's WebSocket upgrade and reuses its replay-then-live pump for SSE.
  'daemon/http': { imports: [P, SYSTEM, 'daemon/sessions', 'daemon/ws'], hint: 'reach inner layers through a service in daemon/sessions/' },
  // The composition root builds every concrete class.
  'daemon/main': { imports: DAEMON_FOLDERS },
  // The Node-side client library (finding, starting, probing a daemon) for the CLI and the extension.
  client: { imports: [P], packages: { only: ['node:*'] } },
  cli: { imports: [P, 'client'], hint: 'clients reach the daemon through daemon/protocol/ and client/' },
  // The host↔webview message contracts (zod + types) are the one thing the extension and its
  // webviews share on purpose: exactly these files, nothing else of webview-ui/.
  extension: { imports: [P, 'client'], sharedFiles: ['webview-ui/chat/messages', 'webview-ui/desktop/messages'], hint: 'clients reach the daemon through daemon/protocol/ and client/' },
  // Webviews run in a browser sandbox: no VS Code API, no Node.
  'webview-ui': { imports: [P], packages: { deny: ['vscode', 'node:*'], why: 'webviews run in a browser sandbox' } },
};

/** Packages only one folder may import. */
const packageOwners = {
  'better-sqlite3': 'daemon/storage',
  dockerode: 'daemon/containers',
  '@agentclientprotocol/sdk': 'daemon/agents',
};


export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'bench/results/**', '.cache/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['daemon/**/*.ts', 'client/**/*.ts', 'cli/**/*.ts', 'extension/**/*.ts', 'webview-ui/**/*.ts'],
    plugins: { switchboard: { rules: { 'dependency-rule': dependencyRule } } },
    rules: {
      'switchboard/dependency-rule': ['error', { root: path.dirname(fileURLToPath(import.meta.url)), folders, packageOwners }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);

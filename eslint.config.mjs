// Lint is where the dependency rule of docs/architecture.md is enforced: each folder may import
// only what the rule allows. `no-restricted-imports` does not merge across blocks, so every
// folder's block below carries its whole list, built by `restrict()`.
import tseslint from 'typescript-eslint';

const onlyIn = {
  'better-sqlite3': 'daemon/storage/',
  dockerode: 'daemon/containers/',
  'simple-git': 'daemon/worktrees/',
  '@agentclientprotocol/sdk': 'daemon/agents/',
};

/** Packages a folder may not import, with the folder that owns each. */
function packagesBannedFor(folder) {
  return Object.entries(onlyIn)
    .filter(([, owner]) => !folder.startsWith(owner))
    .map(([name, owner]) => ({ group: [name, `${name}/*`], message: `only ${owner} may import ${name}` }));
}

function restrict(folder, patterns) {
  return {
    files: [`${folder}**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...packagesBannedFor(folder), ...patterns] }],
    },
  };
}

const daemonInternals = ['agents', 'containers', 'http', 'sessions', 'storage', 'system', 'worktrees', 'ws', 'main'];
const clientRule = (folder) =>
  restrict(folder, [
    {
      group: daemonInternals.flatMap((d) => [`**/daemon/${d}`, `**/daemon/${d}/**`, `**/daemon/${d}.js`]),
      message: 'clients import only daemon/protocol/',
    },
    // Clients never import each other, with one exception: the host↔webview message contract
    // (webview-ui/chat/messages.ts, zod + types) is shared by both sides on purpose.
    { regex: `(^|/)(${['extension', 'webview-ui', 'cli'].filter((c) => `${c}/` !== folder).join('|')})/(?!chat/messages\\.js$)`, message: 'clients never import each other (only webview-ui/chat/messages.ts is shared)' },
  ]);
const upward = (names) =>
  names.map((n) => ({ group: [`../${n}/*`, `../${n}`], message: `dependencies point inward: this folder may not import daemon/${n}/` }));

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
  restrict('daemon/protocol/', [
    { group: ['node:*', 'ws', 'vscode', '../*'], message: 'daemon/protocol/ is a leaf: it imports only zod' },
  ]),
  restrict('daemon/system/', upward(['sessions', 'http', 'ws', 'agents', 'storage', 'worktrees', 'containers'])),
  restrict('daemon/storage/', upward(['sessions', 'http', 'ws', 'agents', 'worktrees', 'containers'])),
  restrict('daemon/worktrees/', upward(['sessions', 'http', 'ws', 'agents', 'storage', 'containers'])),
  restrict('daemon/agents/', upward(['sessions', 'http', 'ws', 'storage', 'worktrees', 'containers'])),
  restrict('daemon/containers/', upward(['sessions', 'http', 'ws', 'storage', 'worktrees'])),
  restrict('daemon/sessions/', upward(['http', 'ws'])),
  restrict('daemon/http/', []),
  restrict('daemon/ws/', upward(['http'])),
  clientRule('cli/'),
  clientRule('extension/'),
  restrict('webview-ui/', [
    { group: ['vscode', 'node:*', ...daemonInternals.map((d) => `**/daemon/${d}/**`)], message: 'webviews run in a browser sandbox and import only daemon/protocol/' },
  ]),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);

// One script builds every bundle. Outputs are CommonJS (.cjs) because the VS Code extension
// host loads CommonJS and because several dependencies are ESM-only (execa): esbuild folds them in.
// better-sqlite3 stays external: it carries a native module that must match the Node runtime.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['better-sqlite3', 'cpu-features', 'ssh2', 'vscode'],
  // ESM sources that read import.meta.url get the CommonJS equivalent.
  define: { 'import.meta.url': '__importMetaUrl', __SWITCHBOARD_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const bundles = [
  { entryPoints: ['daemon/main.ts'], outfile: 'dist/daemon.cjs' },
  { entryPoints: ['cli/main.ts'], outfile: 'dist/cli.cjs', banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('url').pathToFileURL(__filename).href;" } },
  { entryPoints: ['daemon/agents/demo/demoAgent.ts'], outfile: 'dist/demo-agent.cjs' },
];

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...nodeCommon, ...b })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

// One script builds every bundle. Outputs are CommonJS (.cjs) because the VS Code extension
// host loads CommonJS and because several dependencies are ESM-only (execa): esbuild folds them in.
// better-sqlite3 stays external: it carries a native module that must match the Node runtime.
import * as esbuild from 'esbuild';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

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
  // ssh2 (dockerode's ssh:// DOCKER_HOST support) is bundled: docker-modem requires it at load, and
  // the packaged extension has no node_modules for it. Its optional native parts (cpu-features,
  // its crypto binding) are loaded in try/catch and fall back to pure JS.
  external: ['better-sqlite3', 'cpu-features', '*.node', 'vscode'],
  // ESM sources that read import.meta.url get the CommonJS equivalent.
  define: { 'import.meta.url': '__importMetaUrl', __SWITCHBOARD_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const bundles = [
  { entryPoints: ['daemon/main.ts'], outfile: 'dist/daemon.cjs' },
  { entryPoints: ['cli/main.ts'], outfile: 'dist/cli.cjs', banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('url').pathToFileURL(__filename).href;" } },
  { entryPoints: ['daemon/agents/demo/demoAgent.ts'], outfile: 'dist/demo-agent.cjs' },
  // The extension host loads CommonJS; `vscode` is provided by the host at run time.
  { entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.cjs' },
];

/** Webviews run in a browser sandbox: one IIFE script each (CSS imports land beside it). */
const browserCommon = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __SWITCHBOARD_VERSION__: JSON.stringify(pkg.version) },
  loader: { '.ttf': 'file' },
};
const webviews = [
  { entryPoints: ['webview-ui/chat/main.ts'], outfile: 'dist/webview/chat.js' },
  { entryPoints: ['webview-ui/desktop/main.ts'], outfile: 'dist/webview/desktop.js' },
].filter((w) => existsSync(w.entryPoints[0]));

// Codicons for webviews: the font and its stylesheet, served from dist/webview/ via asWebviewUri (the
// packaged extension carries no node_modules apart from the daemon's native module).
const codicons = 'node_modules/@vscode/codicons/dist';
if (existsSync(codicons)) {
  mkdirSync('dist/webview/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`${codicons}/${f}`, `dist/webview/codicons/${f}`);
}

// noVNC for the desktop page the daemon serves: dist/daemon.cjs looks for dist/novnc first (a
// packaged extension has no node_modules). Only the library (core/, vendor/), no tests or docs.
const novnc = 'node_modules/@novnc/novnc';
if (existsSync(`${novnc}/core/rfb.js`)) {
  rmSync('dist/novnc', { recursive: true, force: true });
  for (const dir of ['core', 'vendor']) cpSync(`${novnc}/${dir}`, `dist/novnc/${dir}`, { recursive: true });
}

// Swagger UI for the API docs page the daemon serves (/api/docs): dist/daemon.cjs looks for
// dist/swagger-ui first. Exactly the files the page uses (SWAGGER_UI_FILES in
// daemon/http/apiDocsServer.ts), with the package's licence; no source maps.
const swaggerUi = 'node_modules/swagger-ui-dist';
if (existsSync(`${swaggerUi}/swagger-ui-bundle.js`)) {
  rmSync('dist/swagger-ui', { recursive: true, force: true });
  mkdirSync('dist/swagger-ui', { recursive: true });
  for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE', 'NOTICE']) copyFileSync(`${swaggerUi}/${f}`, `dist/swagger-ui/${f}`);
}

const options = [...bundles.map((b) => ({ ...nodeCommon, ...b })), ...webviews.map((w) => ({ ...browserCommon, ...w }))];
if (watch) {
  const contexts = await Promise.all(options.map((o) => esbuild.context(o)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  // Each output is written beside its place and renamed over it: a test run or a daemon loading a
  // bundle while another build runs sees the old file or the new one, never half of one.
  const results = await Promise.all(options.map((o) => esbuild.build({ ...o, write: false })));
  for (const file of results.flatMap((r) => r.outputFiles)) {
    mkdirSync(dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}

// What both runs of the integration suite share — `npm run test:vscode` in code-server and
// `npm run test:vscode:desktop` in a desktop VS Code: the suite's bundle and the demo repository
// it opens.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './packageExtension.mjs';

/** Bundles test/vscode/integration for the extension host; returns the bundle's path. */
export async function buildIntegrationSuite() {
  const testsJs = path.join(repoRoot, 'out', 'vscode-tests', 'integration.cjs');
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test', 'vscode', 'integration', 'index.ts')],
    outfile: testsJs,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return testsJs;
}

/** A one-commit repository on `main` for the suite to register as a project. */
export function createDemoRepo(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'README.md'), '# demo\n');
  const git = (...args) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=Switchboard Test', '-c', 'user.email=test@switchboard.invalid', 'commit', '-q', '-m', 'init');
}

// Builds every bundle and packs the extension into a .vsix. The daemon needs better-sqlite3's
// native module at run time and `vsce package --no-dependencies` ships no node_modules, so the
// module and the two small packages that load it (bindings, file-uri-to-path) are staged into
// dist/node_modules/, where Node's resolution from dist/daemon.cjs finds them. The native
// module is the one `npm install` built for the Node that ran it: the packaged daemon must run
// on a Node with the same ABI (the daemon says so clearly when it does not).
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, step } from './provision.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const NATIVE_PACKAGES = {
  'better-sqlite3': ['package.json', 'lib', path.join('build', 'Release', 'better_sqlite3.node'), 'LICENSE'],
  bindings: ['package.json', 'bindings.js', 'LICENSE.md'],
  'file-uri-to-path': ['package.json', 'index.js', 'LICENSE'],
};

export function stageNativeModules(root = repoRoot) {
  const target = path.join(root, 'dist', 'node_modules');
  rmSync(target, { recursive: true, force: true });
  for (const [name, entries] of Object.entries(NATIVE_PACKAGES)) {
    const from = path.join(root, 'node_modules', name);
    if (!existsSync(from)) throw new Error(`node_modules/${name} is missing: run npm install first`);
    for (const entry of entries) {
      const src = path.join(from, entry);
      if (!existsSync(src)) continue;
      cpSync(src, path.join(target, name, entry), { recursive: statSync(src).isDirectory() });
    }
  }
  return target;
}

export function vsixPath(root = repoRoot) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return path.join(root, `${pkg.name}-${pkg.version}.vsix`);
}

export async function packageExtension(root = repoRoot) {
  step('building the bundles (esbuild)');
  await run(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root });
  step('staging the daemon\'s native SQLite module into dist/node_modules');
  stageNativeModules(root);
  const out = vsixPath(root);
  step(`packaging ${path.basename(out)}`);
  await run(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: root,
    quiet: true,
  }).then((log) => process.stdout.write(log.split('\n').filter((l) => /DONE|WARNING|files/.test(l)).join('\n') + '\n'));
  return out;
}

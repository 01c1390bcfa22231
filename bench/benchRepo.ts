// Git repositories to run sessions on: `fileCount` small source files in 100-file folders, one
// commit on `main`, the repository's own identity so no global git config is needed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TempDirs } from './tempDirs.js';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function makeRepo(tmp: TempDirs, fileCount: number): string {
  const dir = tmp.make('repo');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@example.invalid');
  fs.writeFileSync(path.join(dir, 'README.md'), '# bench repository\n');
  for (let i = 0; i < fileCount; i++) {
    const folder = path.join(dir, 'src', `m${Math.floor(i / 100)}`);
    if (i % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `f${i}.ts`), `// file ${i}\nexport const value${i} = ${i};\nexport function get${i}(): number {\n  return value${i} * 2;\n}\n`);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

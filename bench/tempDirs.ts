// Every scratch directory the benchmarks make, so one call at the end removes them all, even
// after a failed run (state dirs, repositories, worktrees and agent homes add up to gigabytes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class TempDirs {
  private readonly dirs: string[] = [];

  /** A new empty directory under the OS temp dir, its real path (git and the daemon compare real paths). */
  make(label: string): string {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `sb-bench-${label}-`)));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0).reverse()) fs.rmSync(dir, { recursive: true, force: true });
  }
}

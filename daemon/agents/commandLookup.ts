// "Is this template installed?" without a shell: walk PATH like the OS would.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

const isWindows = process.platform === 'win32';

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    // Windows has no execute bit: existence with a PATHEXT extension is what counts.
    if (!isWindows) accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Absolute path of `cmd` as a spawn without a shell would find it, or null.
 * A command containing a path separator is checked as given (relative to `cwd`).
 */
export function findCommand(
  cmd: string,
  searchPath: string | undefined,
  opts: { cwd?: string; pathExt?: string } = {},
): string | null {
  if (cmd === '') return null;
  const exts = isWindows ? ['', ...(opts.pathExt ?? process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  const candidatesFor = (base: string) => exts.map((ext) => base + ext);

  if (cmd.includes('/') || (isWindows && cmd.includes('\\'))) {
    const base = path.resolve(opts.cwd ?? process.cwd(), cmd);
    return candidatesFor(base).find(isExecutableFile) ?? null;
  }
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const found = candidatesFor(path.join(dir, cmd)).find(isExecutableFile);
    if (found) return path.resolve(found);
  }
  return null;
}

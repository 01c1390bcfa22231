// Whether a path an agent names stays inside the worktree, on a real filesystem: relative names,
// `..`, symlinks planted in the worktree (to directories, dangling, then `..`), link loops.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escapeOf, firstEscape, physicalPath } from '../../daemon/sessions/worktreeContainment.js';

describe('worktree containment', function () {
  let base: string;
  let wt: string;
  let outside: string;
  beforeEach(function () {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-contain-')));
    wt = path.join(base, 'wt');
    outside = path.join(base, 'outside');
    fs.mkdirSync(path.join(wt, 'src'), { recursive: true });
    fs.mkdirSync(path.join(outside, 'sub'), { recursive: true });
  });
  afterEach(function () {
    fs.rmSync(base, { recursive: true, force: true });
  });
  const where = () => ({ root: wt, cwd: wt });

  it('keeps absolute and relative paths inside, existing or not, and the worktree itself', function () {
    for (const name of [path.join(wt, 'src', 'a.ts'), 'src/a.ts', './new/dir/file.txt', 'src/../b.ts', wt, '.']) {
      assert.equal(escapeOf(name, where()), null, name);
    }
    assert.equal(escapeOf('a.ts', { root: wt, cwd: path.join(wt, 'src') }), null, 'relative to a cwd below the root');
  });

  it('names paths outside, including ones that climb out with .. and a sibling sharing the prefix', function () {
    assert.equal(escapeOf(path.join(outside, 'x'), where()), path.join(outside, 'x'));
    assert.equal(escapeOf('../outside/x', where()), path.join(outside, 'x'));
    assert.equal(escapeOf('src/../../x', where()), path.join(base, 'x'));
    assert.equal(escapeOf(`${wt}-evil/x`, where()), `${wt}-evil/x`, 'a sibling whose name starts like the worktree is outside');
    assert.match(escapeOf('/etc/passwd', where()) ?? '', /^\/etc\/passwd/);
  });

  it('follows a symlink planted in the worktree that points outside', function () {
    fs.symlinkSync(outside, path.join(wt, 'link'));
    assert.equal(escapeOf('link/sub/x.txt', where()), `${path.join(wt, 'link', 'sub', 'x.txt')} (resolves to ${path.join(outside, 'sub', 'x.txt')})`);
    assert.equal(escapeOf(path.join(wt, 'link', 'new', 'deeper.txt'), where()), `${path.join(wt, 'link', 'new', 'deeper.txt')} (resolves to ${path.join(outside, 'new', 'deeper.txt')})`);
  });

  it('follows a dangling symlink: writing through it would create its target outside', function () {
    fs.symlinkSync(path.join(outside, 'not-yet.txt'), path.join(wt, 'dangling.txt'));
    assert.equal(escapeOf('dangling.txt', where()), `${path.join(wt, 'dangling.txt')} (resolves to ${path.join(outside, 'not-yet.txt')})`);
  });

  it('reads .. after a symlink the way the kernel does, not only lexically', function () {
    // wt/deep -> outside/sub: the kernel resolves wt/deep/../x to outside/x; path.resolve says wt/x.
    fs.symlinkSync(path.join(outside, 'sub'), path.join(wt, 'deep'));
    assert.equal(physicalPath(path.join(wt, 'deep') + '/../x'), path.join(outside, 'x'));
    assert.equal(escapeOf('deep/../x', where()), `${path.join(wt, 'x')} (resolves to ${path.join(outside, 'x')})`);
  });

  it('accepts symlinks that stay inside, and a root reached through a symlink', function () {
    fs.symlinkSync('src', path.join(wt, 'alias'));
    assert.equal(escapeOf('alias/a.ts', where()), null);
    const viaLink = path.join(base, 'wt-link');
    fs.symlinkSync(wt, viaLink);
    assert.equal(escapeOf(path.join(viaLink, 'src', 'a.ts'), { root: viaLink, cwd: viaLink }), null);
    assert.equal(escapeOf(path.join(wt, 'src', 'a.ts'), { root: viaLink, cwd: viaLink }), null, 'the real path of the same file');
  });

  it('fails closed on link loops, home-relative names, NUL bytes and odd URLs', function () {
    fs.symlinkSync(path.join(wt, 'loop-b'), path.join(wt, 'loop-a'));
    fs.symlinkSync(path.join(wt, 'loop-a'), path.join(wt, 'loop-b'));
    assert.equal(physicalPath(path.join(wt, 'loop-a', 'x')), null);
    assert.equal(escapeOf('loop-a/x', where()), `${path.join(wt, 'loop-a', 'x')} (cannot be resolved)`);
    assert.equal(escapeOf('~/.bashrc', where()), '~/.bashrc (a home directory path)');
    assert.equal(escapeOf('a\0b', where()), 'a\0b (not a usable path)');
    assert.equal(escapeOf('file://host/x', where()), 'file://host/x (not a usable path)');
  });

  it('reads file: URLs as the paths they name', function () {
    assert.equal(escapeOf(`file://${path.join(wt, 'src', 'a.ts')}`, where()), null);
    assert.equal(escapeOf(`file://${path.join(outside, 'x')}`, where()), path.join(outside, 'x'));
  });

  it('reports the first escaping name of several', function () {
    assert.equal(firstEscape(['src/a.ts', '../outside/one', '/etc/two'], where()), path.join(outside, 'one'));
    assert.equal(firstEscape(['src/a.ts', 'b.ts'], where()), null);
    assert.equal(firstEscape([], where()), null);
  });
});

// `npm run test:vscode:desktop` asked to run on a VS Code that is not there: it fails at once, in
// one line saying how to provide one, and exits non-zero — before building anything. (Without
// $VSCODE_EXECUTABLE_PATH it would try a download, which tests must not; that path fails in the
// same one-line way offline, see README "Testing the extension".)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { ROOT, tempDir } from '../support/daemonHarness.js';

describe('npm run test:vscode:desktop without a desktop VS Code', () => {
  it('fails in one line naming VSCODE_EXECUTABLE_PATH, exit 1', async () => {
    const missing = path.join(tempDir('no-vscode'), 'code');
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'scripts', 'testVscodeDesktop.mjs')],
        { env: { ...process.env, VSCODE_EXECUTABLE_PATH: missing }, timeout: 30_000 },
        (err, out, errOut) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout: out, stderr: errOut }),
      );
    });
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.deepEqual(stderr.trimEnd().split('\n'), [`✖ test:vscode:desktop: VSCODE_EXECUTABLE_PATH=${missing} is not an executable file: point it at a desktop VS Code (its \`code\` binary)`]);
  });
});

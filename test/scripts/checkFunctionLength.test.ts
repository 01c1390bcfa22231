import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve('scripts/checkFunctionLength.mjs');

/** A function whose body spans `lines` lines, opening brace to closing brace. */
function fn(name: string, lines: number): string {
  return `export function ${name}(): void {\n${'  void 0;\n'.repeat(lines - 2)}}\n`;
}

async function check(root: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, '--root', root]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

describe('the function length check (npm test runs it)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fnlen-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function write(rel: string, text: string): void {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }

  it('passes a tree whose functions are all 80 lines or shorter, tests and build output not counted', async () => {
    write('daemon/ok.ts', fn('atTheLimit', 80));
    write('daemon/ok.test.ts', fn('longTest', 200));
    write('test/daemon/long.ts', fn('longHelper', 200));
    write('dist/bundle.js', fn('bundled', 500));
    const { code, out } = await check(root);
    assert.equal(code, 0, out);
    assert.match(out, /1 functions in 1 files; 0 longer than 80 lines/);
  });

  it('fails naming file:line, the function and its length, for functions, methods and arrows', async () => {
    write('cli/long.ts', `// a comment\n${fn('tooLong', 81)}`);
    write('extension/cls.ts', `export class Panel {\n  show(): void {\n${'    void 0;\n'.repeat(90)}  }\n}\n`);
    write('scripts/tool.mjs', `export const handler = () => {\n${'  void 0;\n'.repeat(100)}};\n`);
    const { code, out } = await check(root);
    assert.equal(code, 1);
    assert.match(out, /^cli\/long\.ts:2 {2}tooLong {2}81 lines$/m);
    assert.match(out, /^extension\/cls\.ts:2 {2}Panel\.show {2}92 lines$/m);
    assert.match(out, /^scripts\/tool\.mjs:1 {2}handler {2}102 lines$/m);
    assert.match(out, /3 longer than 80 lines/);
  });
});

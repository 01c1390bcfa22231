import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../daemon/system/logger.js';
import { Redactor } from '../../daemon/system/redactor.js';
import { tempHome } from './tempHome.js';

async function lines(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the structured logger', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  let file: string;
  beforeEach(async () => {
    home = await tempHome();
    file = path.join(home.dir, 'logs', 'daemon.log');
  });
  afterEach(() => home.remove());

  it('appends one JSON object per line with time, level, msg and fields', async () => {
    const log = createLogger({ file, level: 'debug', now: () => new Date('2030-01-02T03:04:05.000Z') });
    log.info('started', { port: 1234 });
    log.child({ component: 'http' }).warn('slow', { ms: 9 });
    await log.close();
    assert.deepEqual(await lines(file), [
      { time: '2030-01-02T03:04:05.000Z', level: 'info', msg: 'started', port: 1234 },
      { time: '2030-01-02T03:04:05.000Z', level: 'warn', msg: 'slow', component: 'http', ms: 9 },
    ]);
    if (process.platform !== 'win32') assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('drops lines below its level', async () => {
    const log = createLogger({ file, level: 'warn' });
    log.debug('no');
    log.info('no');
    log.warn('yes');
    log.error('yes too');
    await log.close();
    assert.deepEqual((await lines(file)).map((l) => l.msg), ['yes', 'yes too']);
  });

  it('redacts secrets in messages and in nested fields', async () => {
    const redactor = new Redactor();
    const log = createLogger({ file, redactor });
    redactor.add('registered-secret-value');
    log.info('token is registered-secret-value', {
      env: { OPENAI_API_KEY: 'sk-abcdefghijklmnopqrstuv' },
      args: ['--key', 'registered-secret-value'],
      err: new Error('failed with registered-secret-value'),
    });
    await log.close();
    const text = await readFile(file, 'utf8');
    assert.doesNotMatch(text, /registered-secret-value|sk-abcdef/);
    const [line] = await lines(file);
    assert.equal(line?.msg, 'token is ***');
    assert.equal((line?.err as { message: string }).message, 'failed with ***');
  });

  it('has everything on disk after flush, and appends across instances', async () => {
    const first = createLogger({ file });
    for (let i = 0; i < 1000; i++) first.info('line', { i });
    await first.flush();
    assert.equal((await lines(file)).length, 1000);
    await first.close();
    first.info('after close is dropped');
    const second = createLogger({ file });
    second.info('more');
    await second.close();
    assert.equal((await lines(file)).length, 1001);
  });

  it('can echo lines to another stream and survives cyclic fields', async () => {
    const echoed: string[] = [];
    const echo = new Writable({
      write(chunk: Buffer, _enc, cb) {
        echoed.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger({ echo });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    log.error('boom', { cyclic, big: 10n });
    await log.close();
    assert.equal(echoed.length, 1);
    const line = JSON.parse(echoed[0] ?? '') as { big: string; cyclic: { name: string } };
    assert.equal(line.big, '10');
    assert.equal(line.cyclic.name, 'loop');
  });
});

// When the daemon refuses the event stream's upgrade, the CLI's stream reports the daemon's typed
// error (its code, not `ws`'s "Unexpected server response" text), and a command following a build
// gives up on a refused token instead of retrying forever.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonWebSocket } from '../../cli/daemonWebSocket.js';
import { runCli } from '../../cli/run.js';
import { DISCOVERY_FILE } from '../../daemon/protocol/discovery.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { EventStream } from '../../daemon/protocol/eventStream.js';
import { DaemonProcess } from '../support/daemonHarness.js';
import { FakeDaemon } from './fakeDaemon.js';
import { captureIo } from './fixtures.js';

/** The first error a stream with this token reports. */
function firstStreamError(port: number, token: string): Promise<Error> {
  return new Promise((resolve) => {
    const stream = new EventStream({
      url: `ws://127.0.0.1:${port}`,
      token,
      WebSocketImpl: DaemonWebSocket,
      onEvent: () => undefined,
      onError: (err) => {
        stream.close();
        resolve(err);
      },
    });
  });
}

describe('CLI event stream refusals are typed errors', function () {
  it('a wrong token on the real daemon arrives as SwitchboardError unauthorized, with the daemon message', async function () {
    const daemon = await DaemonProcess.start();
    try {
      const err = await firstStreamError(daemon.discovery.port, 'not-the-token-0123456789');
      assert.ok(SwitchboardError.is(err, 'unauthorized'), `got ${err.name}: ${err.message}`);
      assert.equal(err.status, 401);
      assert.doesNotMatch(err.message, /Unexpected server response/);
    } finally {
      await daemon.stop();
    }
  });

  it('images build stops following with an error when the stream is refused for its token', async function () {
    const d = await FakeDaemon.start();
    try {
      d.on('buildImages', () => {
        // The discovery file now names a token the daemon refuses: the stream opened next reads it.
        const file = join(d.home, DISCOVERY_FILE);
        writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), token: 'stale-token-0123456789abcdef' }));
        return { buildId: 'b1', images: ['agent'], startSeq: 1 };
      });
      const io = captureIo();
      const code = await runCli(['--home', d.home, 'images', 'build'], io, { cliDir: join(d.home, 'no-bundle-here'), timeoutMs: 5_000 });
      assert.equal(code, 1, io.err());
      assert.match(io.err(), /401/);
    } finally {
      await d.close();
    }
  });
});

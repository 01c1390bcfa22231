// The chat header's fleet line in words (issue 11): the queue position, the setup command with
// its clock and step, the port links named first.
import assert from 'node:assert/strict';
import { portLinks, queueLine, setupLine } from '../../webview-ui/chat/fleetInfo.js';

describe('chat header fleet line', () => {
  const now = Date.parse('2026-01-01T10:00:00.000Z');
  const running = {
    state: 'running' as const,
    command: 'npm ci',
    index: 0,
    total: 2,
    commandStartedAt: '2026-01-01T09:59:48.000Z',
    startedAt: '2026-01-01T09:59:48.000Z',
    endedAt: null,
    exitCode: null,
  };

  it('says the queue position only while queued', () => {
    assert.equal(queueLine('queued', 2), 'Queued #2 — starts when an agent slot frees');
    assert.equal(queueLine('queued', null), 'Queued — starts when an agent slot frees');
    assert.equal(queueLine('running', 2), null);
  });

  it('says the running setup command, for how long, and which of how many', () => {
    assert.equal(setupLine(running, now), 'Setting up: npm ci — 12 s (1/2)');
    assert.equal(setupLine({ ...running, total: 1, commandStartedAt: '2026-01-01T09:57:00.000Z' }, now), 'Setting up: npm ci — 3 min 0 s');
    assert.equal(setupLine({ ...running, state: 'done', command: null }, now), null);
    assert.equal(setupLine(null, now), null);
  });

  it('links ports named first, each to 127.0.0.1', () => {
    const links = portLinks([
      { port: 41001, name: null },
      { port: 41000, name: null },
      { port: 41005, name: 'web' },
    ]);
    assert.deepEqual(links.map((l) => l.label), ['41005 (web)', '41000', '41001']);
    assert.match(links[0]!.title, /http:\/\/127\.0\.0\.1:41005/);
  });
});

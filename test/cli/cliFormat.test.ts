// The CLI's pure pieces: tables, event lines, the live printer, log-tail following and the
// default answer to a permission request.
import assert from 'node:assert/strict';
import { newLogLines } from '../../cli/commands/eventCommands.js';
import { defaultOption } from '../../cli/commands/permissionCommands.js';
import { EventPrinter } from '../../cli/eventPrinter.js';
import { isSettled } from '../../cli/follow.js';
import { duration, keyValues, summarizeEvent, table } from '../../cli/format.js';
import { errorText } from '../../cli/run.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { makeEvent, makePermission, makeSession, makeTurn } from './fixtures.js';

describe('CLI formatting', () => {
  it('aligns table columns without trailing blanks', () => {
    assert.equal(table(['A', 'LONGER'], [['xxxx', 'y'], ['z', '']]), 'A     LONGER\nxxxx  y\nz\n');
  });

  it('aligns key: value lines and leaves out undefined values', () => {
    assert.equal(keyValues([['id', 'x'], ['skip', undefined], ['worktree', null]]), 'id:       x\nworktree: -\n');
  });

  it('says durations in one unit', () => {
    assert.deepEqual([duration(4_000), duration(125_000), duration(7_300_000), duration(200_000_000)], ['4s', '2m', '2h', '2d']);
  });

  it('summarizes known events and falls back to the payload for unknown ones', () => {
    assert.equal(
      summarizeEvent(makeEvent(1, 'session.state_changed', { from: 'running', to: 'failed', reason: 'agent_crashed', detail: 'exit 3' })),
      'running → failed (agent_crashed): exit 3',
    );
    assert.equal(summarizeEvent(makeEvent(2, 'permission.requested', { request: makePermission() })), 'perm_1: Write hello.txt — always / once / no');
    assert.equal(summarizeEvent(makeEvent(3, 'future.thing', { a: 1 })), '{"a":1}');
  });

  it('joins streamed chunks into running text and starts other events on a fresh line', () => {
    let out = '';
    const p = new EventPrinter((t) => (out += t));
    p.print(makeEvent(1, 'agent.message_chunk', { text: 'Hello ' }));
    p.print(makeEvent(2, 'agent.message_chunk', { text: 'world.\n' }));
    p.print(makeEvent(3, 'agent.thought_chunk', { text: 'hmm' }));
    p.print(makeEvent(4, 'turn.ended', { turnId: 't', index: 0, stopReason: 'end_turn', error: null }));
    p.flush();
    const lines = out.split('\n');
    assert.equal(lines[0], 'agent: Hello world.');
    assert.equal(lines[1], 'thinking: hmm');
    assert.match(lines[2] ?? '', /turn\.ended\s+#0 end_turn$/);
    assert.equal(lines.length, 4);
  });

  it('names the field of an error only when the message does not already', () => {
    assert.equal(errorText(new SwitchboardError('invalid_request', 'prompt: must not be empty', 'prompt')), 'prompt: must not be empty');
    assert.equal(errorText(new SwitchboardError('invalid_request', 'too long', 'prompt')), 'too long (field: prompt)');
  });
});

describe('following a log tail', () => {
  it('prints only the lines after what was already shown', () => {
    assert.deepEqual(newLogLines(['a', 'b', 'c'], ['b', 'c', 'd', 'e']), ['d', 'e']);
    assert.deepEqual(newLogLines(['a', 'b'], ['a', 'b']), []);
    assert.deepEqual(newLogLines([], ['x']), ['x']);
  });

  it('anchors on the last occurrence when lines repeat', () => {
    assert.deepEqual(newLogLines(['x', 'y'], ['x', 'y', 'z', 'x', 'y']), []);
    assert.deepEqual(newLogLines(['x', 'y'], ['x', 'y', 'z', 'x', 'y', 'w']), ['w']);
  });

  it('prints everything when the window moved past what was shown', () => {
    assert.deepEqual(newLogLines(['old'], ['n1', 'n2']), ['n1', 'n2']);
  });
});

describe('default permission answers', () => {
  it('approve picks allow_once even when allow_always comes first', () => {
    assert.equal(defaultOption(makePermission(), 'allow')?.optionId, 'once');
  });

  it('falls back to any allow_* or reject_* option', () => {
    const r = makePermission({
      options: [
        { optionId: 'aa', name: 'Always', kind: 'allow_always' },
        { optionId: 'ra', name: 'Never', kind: 'reject_always' },
      ],
    });
    assert.equal(defaultOption(r, 'allow')?.optionId, 'aa');
    assert.equal(defaultOption(r, 'reject')?.optionId, 'ra');
    assert.equal(defaultOption(makePermission({ options: [] }), 'reject'), undefined);
  });
});

describe('when a wait is over', () => {
  it('counts completed only once the awaited turn is done', () => {
    const running = { session: makeSession({ state: 'completed' }), turns: [makeTurn({ id: 'old', state: 'done' }), makeTurn({ id: 'new', state: 'queued' })], pendingPermissions: [] };
    assert.equal(isSettled(running, 'new'), false);
    assert.equal(isSettled(running, 'old'), true);
    assert.equal(isSettled(running, undefined), true);
  });

  it('stops at failed, stopped and waiting_for_user whatever the turn', () => {
    for (const state of ['failed', 'stopped', 'waiting_for_user'] as const) {
      assert.equal(isSettled({ session: makeSession({ state }), turns: [], pendingPermissions: [] }, 'new'), true);
    }
    assert.equal(isSettled({ session: makeSession({ state: 'running' }), turns: [], pendingPermissions: [] }, undefined), false);
  });
});

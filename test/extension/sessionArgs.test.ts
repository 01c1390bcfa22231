// How commands find their session or project, from whatever invoked them.
import assert from 'node:assert/strict';
import { findSession, pickCandidates, preferFirst, projectIdFromArg, sessionIdFromArg, startArgsFromArg } from '../../extension/commands/sessionArgs.js';
import { describeToolCall, optionFor } from '../../extension/commands/permissionOptions.js';
import { makePermission, makeSession } from '../cli/fixtures.js';

describe('command argument resolution', () => {
  it('reads a session id from a tree node, an id string or { sessionId }, and nothing else', () => {
    assert.equal(sessionIdFromArg({ kind: 'session', sessionId: 's1', projectId: 'p' }), 's1');
    assert.equal(sessionIdFromArg(' s2 '), 's2');
    assert.equal(sessionIdFromArg({ sessionId: 's3' }), 's3');
    assert.equal(sessionIdFromArg(undefined), null);
    assert.equal(sessionIdFromArg({ kind: 'project', projectId: 'p' }), null);
    assert.equal(sessionIdFromArg(''), null);
  });

  it('reads a project from a project node or { project }', () => {
    assert.equal(projectIdFromArg({ kind: 'project', projectId: 'p1' }), 'p1');
    assert.equal(projectIdFromArg({ project: 'demo-repo' }), 'demo-repo');
    assert.equal(projectIdFromArg('p1'), null);
  });

  it('finds a session by full or short id', () => {
    const list = [makeSession({ id: 'ses_long', shortId: 'abc123' })];
    assert.equal(findSession(list, 'abc123')?.id, 'ses_long');
    assert.equal(findSession(list, 'ses_long')?.id, 'ses_long');
    assert.equal(findSession(list, 'nope'), undefined);
  });

  it('offers only sessions the action applies to, waiting ones first', () => {
    const list = [
      makeSession({ id: 'done', state: 'completed', updatedAt: '2025-01-03T00:00:00Z' }),
      makeSession({ id: 'run', state: 'running', updatedAt: '2025-01-02T00:00:00Z' }),
      makeSession({ id: 'wait', state: 'waiting_for_user', stateReason: 'permission', updatedAt: '2025-01-01T00:00:00Z' }),
      makeSession({ id: 'stopped', state: 'stopped' }),
    ];
    assert.deepEqual(pickCandidates(list, 'stop').map((s) => s.id), ['wait', 'run', 'done']);
    assert.deepEqual(pickCandidates(list, 'resume').map((s) => s.id), ['stopped']);
    assert.deepEqual(pickCandidates(list, 'answer').map((s) => s.id), ['wait']);
  });

  it('takes a complete Start Session request as an argument and ignores bad fields', () => {
    assert.deepEqual(startArgsFromArg({ project: 'demo', agent: 'demo', action: 'implement', prompt: 'go', permissionPolicy: 'allow-all' }), {
      project: 'demo',
      agent: 'demo',
      action: 'implement',
      prompt: 'go',
      permissionPolicy: 'allow-all',
    });
    assert.deepEqual(startArgsFromArg({ action: 'destroy', prompt: '  ', permissionPolicy: 'yolo' }), {});
    assert.deepEqual(startArgsFromArg({ kind: 'project', projectId: 'p1' }), { project: 'p1' });
  });

  it('puts the remembered choice first', () => {
    assert.deepEqual(preferFirst(['a', 'b', 'c'], (x) => x, 'c'), ['c', 'a', 'b']);
    assert.deepEqual(preferFirst(['a', 'b'], (x) => x, 'z'), ['a', 'b']);
  });
});

describe('permission answers', () => {
  const options = [
    { optionId: 'ao', name: 'Allow once', kind: 'allow_once' as const },
    { optionId: 'aa', name: 'Always', kind: 'allow_always' as const },
    { optionId: 'ro', name: 'Reject', kind: 'reject_once' as const },
  ];
  it('maps allow and reject to the agent\'s own "once" options', () => {
    assert.equal(optionFor(options, 'allow')?.optionId, 'ao');
    assert.equal(optionFor(options, 'reject')?.optionId, 'ro');
    assert.equal(optionFor([options[1]!], 'allow')?.optionId, 'aa');
    assert.equal(optionFor([options[0]!], 'reject'), null);
  });
  it('names the tool call from its title', () => {
    assert.equal(describeToolCall(makePermission({ toolCall: { title: 'Write hello.txt' } })), 'Write hello.txt');
    assert.equal(describeToolCall(makePermission({ toolCall: { kind: 'edit' } })), 'edit tool call');
  });
});

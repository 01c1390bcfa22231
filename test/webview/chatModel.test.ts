// The chat reducer on real demo-agent events (captured from a daemon run with
// `switchboard events --session <id> --json`) and on crafted edge cases: what the panel shows,
// and that replays, overlaps and reloads never duplicate or lose a message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { applyEvent, applyEvents, createChatModel } from '../../webview-ui/chat/chatModel.js';
import type { ChatItem, ChatModel } from '../../webview-ui/chat/chatTypes.js';

const demo = JSON.parse(readFileSync(new URL('./fixtures/demoSession.json', import.meta.url), 'utf8')) as LooseEvent[];

let nextSeq = 1;
function ev(type: string, payload: unknown, seq = nextSeq++): LooseEvent {
  return { seq, type, sessionId: 's1', projectId: 'p1', time: '2026-01-01T00:00:00.000Z', payload };
}

function built(events: readonly LooseEvent[]): ChatModel {
  const m = createChatModel();
  applyEvents(m, events);
  return m;
}

function kinds(m: ChatModel): string[] {
  return m.items.map((i) => i.kind);
}

function only<K extends ChatItem['kind']>(m: ChatModel, kind: K): (ChatItem & { kind: K })[] {
  return m.items.filter((i): i is ChatItem & { kind: K } => i.kind === kind);
}

describe('chat model', () => {
  beforeEach(() => {
    nextSeq = 1;
  });

  it('turns a real demo session into a conversation: prompts, thought, plan, streamed text, tools, permission, file', () => {
    const m = built(demo);
    assert.equal(m.lastSeq, demo[demo.length - 1]!.seq);
    assert.equal(m.status?.state, 'completed');
    assert.equal(m.session?.agent, 'demo');

    const users = only(m, 'user');
    assert.deepEqual(users.map((u) => [u.text, u.status, u.stopReason]), [
      ['demo', 'done', 'end_turn'],
      ['think', 'done', 'end_turn'],
    ]);
    assert.equal(m.queued.length, 0);

    // The four streamed chunks of the first message are one item.
    const agent = only(m, 'agent');
    assert.equal(agent[0]!.text, 'I will update hello.txt with a greeting and then run a quick check.\n');
    assert.equal(agent[0]!.chunks, 4);
    assert.equal(agent.length, 3);
    assert.equal(only(m, 'thought').length, 2);

    // The plan of turn 1 is one checklist, at its final state.
    const plans = only(m, 'plan');
    assert.equal(plans.length, 1);
    assert.deepEqual(plans[0]!.entries.map((e) => e.status), ['completed', 'completed', 'completed']);

    const [write, run] = only(m, 'tool');
    assert.equal(write!.toolCallId, 'write-1');
    assert.equal(write!.toolKind, 'edit');
    assert.equal(write!.status, 'completed');
    assert.equal((write!.content[0] as { type: string }).type, 'diff');
    assert.match(write!.locations[0]!.path, /hello\.txt$/);
    assert.equal(run!.toolKind, 'execute');
    assert.deepEqual(run!.terminalIds, ['term-1']);
    assert.equal(m.terminals['term-1']?.exitCode, 0);

    const [perm] = only(m, 'permission');
    assert.equal(perm!.status, 'answered');
    assert.equal(perm!.chosenOptionId, 'allow_once');
    assert.equal(perm!.answeredBy, 'user');
    assert.deepEqual(perm!.options.map((o) => o.name), ['Allow once', 'Always allow', 'Reject']);

    assert.deepEqual(only(m, 'file').map((f) => f.path), ['hello.txt']);
    assert.deepEqual(kinds(m).slice(0, 7), ['user', 'thought', 'plan', 'agent', 'tool', 'permission', 'file']);
  });

  it('a session mid-turn shows the pending permission and the waiting state', () => {
    const cut = demo.findIndex((e) => e.type === 'permission.answered');
    const m = built(demo.slice(0, cut));
    assert.equal(m.status?.state, 'waiting_for_user');
    assert.equal(m.status?.reason, 'permission');
    assert.equal(only(m, 'permission')[0]!.status, 'pending');
    assert.equal(only(m, 'user')[0]!.status, 'running');
  });

  it('replay then live with an overlap produces no duplicates', () => {
    const whole = built(demo);
    const m = createChatModel();
    applyEvents(m, demo.slice(0, 25));
    // The live feed starts before history ended: its first events repeat the last replayed ones.
    const applied = applyEvents(m, demo.slice(18));
    assert.equal(applied, demo.length - 25);
    assert.deepEqual(m, whole);
    // A second replay of everything changes nothing.
    assert.equal(applyEvents(m, demo), 0);
    assert.deepEqual(m, whole);
  });

  it('reloading mid-turn (rebuild from history since=0, then continue live) yields the uninterrupted model', () => {
    const uninterrupted = createChatModel();
    for (let i = 0; i < demo.length; i += 3) applyEvents(uninterrupted, demo.slice(i, i + 3));

    // Before the reload the panel had seen 14 events; that model is thrown away with the document.
    const before = built(demo.slice(0, 14));
    assert.ok(before.lastSeq > 0);
    // After the reload: history from 0 (the daemon had 20 by then), then the live feed, which
    // overlaps what history returned.
    const reloaded = createChatModel();
    applyEvents(reloaded, demo.slice(0, 20));
    for (const e of demo.slice(16)) applyEvent(reloaded, e);
    assert.deepEqual(reloaded, uninterrupted);
  });

  it('merges tool_call_update into its call by toolCallId, keeping fields the update leaves out', () => {
    const m = built([
      ev('tool_call', { toolCallId: 't1', title: 'Read a.ts', kind: 'read', status: 'pending', locations: [{ path: 'a.ts', line: 3 }] }),
      ev('agent.message_chunk', { text: 'reading' }),
      ev('tool_call_update', { toolCallId: 't1', status: 'in_progress' }),
      ev('tool_call_update', { toolCallId: 't1', status: 'completed', content: [{ type: 'content', content: { type: 'text', text: 'ok' } }], rawOutput: { bytes: 2 } }),
      ev('tool_call_update', { toolCallId: 't2', status: 'failed' }),
    ]);
    const [t1, t2] = only(m, 'tool');
    assert.equal(t1!.title, 'Read a.ts');
    assert.equal(t1!.toolKind, 'read');
    assert.equal(t1!.status, 'completed');
    assert.deepEqual(t1!.locations, [{ path: 'a.ts', line: 3 }]);
    assert.equal(t1!.content.length, 1);
    assert.deepEqual(t1!.rawOutput, { bytes: 2 });
    // An update without a start is still shown rather than lost.
    assert.equal(t2!.status, 'failed');
    assert.deepEqual(kinds(m), ['tool', 'agent', 'tool']);
  });

  it('replaces the plan with each plan event: one checklist per turn', () => {
    const entries = (statuses: string[]) => statuses.map((status, i) => ({ content: `step ${i}`, status }));
    const m = built([
      ev('turn.started', { turnId: 'a', index: 0, prompt: 'go' }),
      ev('plan', { entries: entries(['in_progress', 'pending']) }),
      ev('agent.message_chunk', { text: 'working' }),
      ev('plan', { entries: entries(['completed', 'in_progress', 'pending']) }),
      ev('turn.ended', { turnId: 'a', index: 0, stopReason: 'end_turn', error: null }),
      ev('turn.started', { turnId: 'b', index: 1, prompt: 'again' }),
      ev('plan', { entries: entries(['pending']) }),
    ]);
    const plans = only(m, 'plan');
    assert.equal(plans.length, 2);
    assert.deepEqual(plans[0]!.entries.map((e) => e.status), ['completed', 'in_progress', 'pending']);
    assert.deepEqual(m.plan.map((e) => e.status), ['pending']);
    assert.deepEqual(kinds(m), ['user', 'plan', 'agent', 'user', 'plan']);
  });

  it('coalesces 10,000 streamed chunks into one message quickly', () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ev('agent.message_chunk', { messageId: null, text: `w${i} ` }));
    const started = performance.now();
    const m = createChatModel();
    for (let i = 0; i < events.length; i += 50) applyEvents(m, events.slice(i, i + 50));
    const ms = performance.now() - started;
    assert.equal(m.items.length, 1);
    const item = m.items[0]!;
    assert.ok(item.kind === 'agent');
    assert.equal(item.chunks, 10_000);
    assert.ok(item.text.startsWith('w0 w1 ') && item.text.endsWith('w9999 '));
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });

  it('keeps messages with ids apart even when their chunks interleave', () => {
    const m = built([
      ev('agent.message_chunk', { messageId: 'm1', text: 'Hello ' }),
      ev('agent.thought_chunk', { messageId: 'th', text: 'hmm' }),
      ev('agent.message_chunk', { messageId: 'm1', text: 'world' }),
      ev('agent.message_chunk', { messageId: 'm2', text: 'Second' }),
    ]);
    assert.deepEqual(m.items.map((i) => (i.kind === 'agent' || i.kind === 'thought' ? i.text : i.kind)), ['Hello world', 'hmm', 'Second']);
  });

  it('holds prompts sent during a turn as queued until their turn starts', () => {
    const m = built([
      ev('turn.queued', { turnId: 'a', index: 0, prompt: 'first' }),
      ev('turn.started', { turnId: 'a', index: 0, prompt: 'first' }),
      ev('agent.message_chunk', { text: 'answer 1' }),
      ev('turn.queued', { turnId: 'b', index: 1, prompt: 'second' }),
      ev('agent.message_chunk', { text: ', still' }),
    ]);
    assert.deepEqual(m.queued.map((q) => [q.text, q.status]), [['second', 'queued']]);
    assert.deepEqual(kinds(m), ['user', 'agent']);
    assert.equal(only(m, 'agent')[0]!.text, 'answer 1, still');

    applyEvents(m, [
      ev('turn.ended', { turnId: 'a', index: 0, stopReason: 'end_turn', error: null }),
      ev('turn.started', { turnId: 'b', index: 1, prompt: 'second' }),
    ]);
    assert.equal(m.queued.length, 0);
    assert.deepEqual(only(m, 'user').map((u) => [u.text, u.status]), [['first', 'done'], ['second', 'running']]);
  });

  it('shows a turn that ended before starting, with its error', () => {
    const m = built([
      ev('turn.queued', { turnId: 'a', index: 0, prompt: 'first' }),
      ev('turn.ended', { turnId: 'a', index: 0, stopReason: null, error: 'agent not installed' }),
    ]);
    assert.deepEqual(kinds(m), ['user', 'notice']);
    assert.equal(only(m, 'user')[0]!.error, 'agent not installed');
  });

  it('marks a permission the system cancelled', () => {
    const m = built([
      ev('permission.requested', {
        request: {
          id: 'r1', sessionId: 's1', turnId: null, toolCall: { toolCallId: 't', title: 'Run rm' },
          options: [{ optionId: 'y', name: 'Yes', kind: 'allow_once' }], state: 'pending',
          chosenOptionId: null, answeredBy: null, createdAt: 'x', answeredAt: null,
        },
      }),
      ev('permission.answered', { requestId: 'r1', outcome: 'cancelled', optionId: null, optionKind: null, answeredBy: 'system' }),
    ]);
    const [p] = only(m, 'permission');
    assert.deepEqual([p!.title, p!.status, p!.answeredBy], ['Run rm', 'cancelled', 'system']);
  });

  it('skips unknown event types and malformed payloads but still advances lastSeq', () => {
    const m = built([ev('something.new', { x: 1 }), ev('agent.message_chunk', { text: 42 }), ev('project.added', {})]);
    assert.equal(m.lastSeq, 3);
    assert.equal(m.items.length, 0);
  });

  it('bumps the revision of exactly the items an event changes', () => {
    const m = built([ev('agent.message_chunk', { text: 'a' }), ev('tool_call', { toolCallId: 't', title: 'x' })]);
    const [msg, tool] = m.items;
    const toolRev = tool!.rev;
    applyEvents(m, [ev('tool_call_update', { toolCallId: 't', status: 'completed' })]);
    assert.ok(tool!.rev > toolRev);
    assert.ok(msg!.rev < toolRev);
  });
});

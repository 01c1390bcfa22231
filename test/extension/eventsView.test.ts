// The Events view's model and wording: newest first, each seq once whatever order the backlog and
// the live feed deliver, bounded, a run of streamed chunks as one row, filtered by project,
// session and type (and the filter said in the view's description), rows that say what happened.
import assert from 'node:assert/strict';
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { EventsModel, NO_FILTER, isFiltered } from '../../extension/views/eventsModel.js';
import { clock, eventSummary, filterDescription, itemDescription, itemSubject, itemSummary, itemWhere, shortIdOf, type EventNames } from '../../extension/views/eventsPresentation.js';
import { makeProject, makeSession } from '../cli/fixtures.js';

function ev(seq: number, type: string, payload: unknown, sessionId: string | null = 's1', projectId: string | null = 'p1'): LooseEvent {
  return { seq, type, sessionId, projectId, time: new Date(Date.UTC(2025, 0, 1, 10, 0, seq)).toISOString(), payload };
}
const chunk = (seq: number, text: string, sessionId = 's1') => ev(seq, 'agent.message_chunk', { text }, sessionId);
const turnStarted = (seq: number, index: number, sessionId = 's1', projectId = 'p1') => ev(seq, 'turn.started', { turnId: `t${index}`, index, prompt: `prompt ${index}` }, sessionId, projectId);

const names: EventNames = {
  session: (id) => (id === 's1' ? { shortId: 'abcd1234', title: 'write the parser' } : undefined),
  project: (id) => (id === 'p1' ? { name: 'Demo', slug: 'demo' } : undefined),
};

describe('events view', () => {
  it('lists the newest first, each seq once, whatever order the backlog and live events arrive in', () => {
    const m = new EventsModel();
    let changes = 0;
    m.onDidChange(() => changes++);
    m.add([turnStarted(5, 0), turnStarted(7, 1)]); // live events first
    m.add([turnStarted(2, 0, 's2'), turnStarted(5, 0), turnStarted(6, 0, 's3')]); // the backlog, overlapping
    m.add([turnStarted(7, 1)]); // a duplicate only: no change
    assert.deepEqual(m.items().map((i) => i.events[0]!.seq), [7, 6, 5, 2]);
    assert.equal(m.size, 4);
    assert.equal(changes, 2);
  });

  it('keeps a bounded number of events and rows, dropping the oldest', () => {
    const m = new EventsModel({ maxEvents: 50, maxItems: 10 });
    m.add(Array.from({ length: 120 }, (_, i) => turnStarted(i + 1, i)));
    assert.equal(m.size, 50);
    assert.deepEqual(m.items().map((i) => i.events[0]!.seq), [120, 119, 118, 117, 116, 115, 114, 113, 112, 111]);
    // A seq dropped past the bound is not taken back as new.
    m.add([turnStarted(30, 29)]);
    assert.equal(m.items()[0]!.events[0]!.seq, 120);
  });

  it('reads a run of streamed chunks of one session as one row that grows, with a stable id', () => {
    const m = new EventsModel();
    m.add([turnStarted(1, 0), chunk(2, 'Hello '), chunk(3, 'wor'), chunk(4, 'ld.', 's2'), chunk(5, 'ld.')]);
    // s2's chunk sits between s1's: three runs, each its own row.
    assert.deepEqual(m.items().map((i) => [i.type, i.events.map((e) => e.seq)]), [
      ['agent.message_chunk', [5]],
      ['agent.message_chunk', [4]],
      ['agent.message_chunk', [2, 3]],
      ['turn.started', [1]],
    ]);
    const run = m.items()[2]!;
    assert.equal(itemSummary(run), '×2 Hello wor');
    m.add([chunk(6, ' more')]);
    assert.equal(m.items()[0]!.id, 'event:5', 'the run grew and kept its id');
    assert.equal(itemSummary(m.items()[0]!), '×2 ld. more');
    assert.equal(m.items()[0]!.time, ev(6, 'x', null).time, 'the run shows its newest time');
  });

  it('filters by project, session and type, and says so in the description', () => {
    const m = new EventsModel();
    m.add([turnStarted(1, 0, 's1', 'p1'), turnStarted(2, 0, 's2', 'p2'), ev(3, 'turn.ended', { turnId: 't0', index: 0, stopReason: 'end_turn', error: null }, 's1', 'p1'), ev(4, 'project.updated', { project: makeProject({ id: 'p1', name: 'Demo' }) }, null, 'p1')]);
    assert.equal(filterDescription(m.filter, names), '');
    m.setFilter({ ...NO_FILTER, projectId: 'p1' });
    assert.deepEqual(m.items().map((i) => i.events[0]!.seq), [4, 3, 1]);
    m.setFilter({ ...NO_FILTER, sessionId: 's1', types: ['turn.ended'] });
    assert.deepEqual(m.items().map((i) => i.events[0]!.seq), [3]);
    assert.equal(filterDescription(m.filter, names), 'filtered: session abcd1234 · turn.ended');
    m.setFilter({ projectId: 'p1', sessionId: null, types: ['turn.started', 'turn.ended'] });
    assert.equal(filterDescription(m.filter, names), 'filtered: project Demo · 2 types');
    m.setFilter({ ...NO_FILTER, types: [] });
    assert.ok(!isFiltered(m.filter), 'no type picked means every type');
    assert.equal(m.items().length, 4);
    assert.deepEqual(Object.fromEntries(m.typeCounts()), { 'turn.started': 2, 'turn.ended': 1, 'project.updated': 1 });
  });

  it('forgets everything when the daemon’s log was replaced', () => {
    const m = new EventsModel();
    m.add([turnStarted(1, 0)]);
    m.clear();
    assert.equal(m.items().length, 0);
    m.add([turnStarted(1, 0)]);
    assert.equal(m.items().length, 1, 'a seq of the new log is new');
  });

  it('says what happened, where, and when, in one line', () => {
    const session = makeSession({ id: 's1', title: 'write the parser' });
    assert.equal(eventSummary(ev(1, 'session.created', { session })), `${session.agent} ${session.action}: write the parser`);
    assert.equal(eventSummary(ev(2, 'session.state_changed', { from: 'running', to: 'waiting_for_user', reason: 'permission', detail: 'edit src/a.ts' })), 'running → waiting_for_user (permission): edit src/a.ts');
    assert.equal(eventSummary(ev(3, 'turn.ended', { turnId: 't', index: 1, stopReason: 'end_turn', error: null })), 'turn 2: end_turn');
    assert.equal(eventSummary(ev(4, 'file.written', { path: 'src/a.ts', bytes: 12, created: true })), 'src/a.ts (12 bytes)');
    assert.equal(eventSummary(ev(5, 'some.future_type', { a: 1 })), '{"a":1}', 'a type newer than this build still reads');
    assert.equal(eventSummary(ev(8, 'usage', { usage: { used: 43, size: 200000, cost: { amount: 0.006, currency: 'USD' } } })), 'context 43 / 200000, cost 0.006 USD');
    assert.equal(eventSummary(ev(9, 'project.updated', { project: makeProject({ name: 'Demo', slug: 'demo', defaultBranch: 'develop' }) })), 'demo, default branch develop');
    assert.equal(eventSummary(ev(6, 'turn.ended', { nonsense: true })), '{"nonsense":true}', 'a payload that does not parse is shown, not trusted');
    const m = new EventsModel();
    m.add([turnStarted(1, 0, 's1'), turnStarted(2, 0, 'ffffeeee-dddd-4ccc-bbbb-aaaa99998888'), ev(3, 'daemon.started', { pid: 1, version: 'x' }, null, null), ev(4, 'project.updated', { project: makeProject({ id: 'p1' }) }, null, 'p1')]);
    const [projectWide, daemonWide, gone, known] = m.items();
    assert.equal(itemDescription(known!, names), 'abcd1234 — turn 1: prompt 0');
    assert.equal(itemSubject(known!, names), 'abcd1234 write the parser', 'the title is in the tooltip');
    assert.equal(itemDescription(gone!, names), 'ffffeeee — turn 1: prompt 0', 'a session gone from the tree still shows its short id');
    assert.equal(itemWhere(daemonWide!, names), 'daemon');
    assert.equal(itemWhere(projectWide!, names), 'Demo');
    const removed = ev(8, 'project.removed', { project: makeProject({ id: 'p9', name: 'Old' }), sessionsRemoved: 2, worktreesRemoved: [], branchesDeleted: [] }, null, 'p9');
    m.add([removed]);
    assert.equal(itemDescription(m.items()[0]!, names), 'Old: 2 session(s) removed', 'a removed project is named by its event');
    assert.equal(shortIdOf('ffffeeee-dddd-4ccc-bbbb-aaaa99998888'), 'ffffeeee');
    assert.match(clock(ev(7, 'x', null).time), /^\d\d:\d\d:\d\d$/);
  });
});

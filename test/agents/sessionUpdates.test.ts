// Translation of session/update params into Switchboard events: every known variant, and
// anything newer or malformed as 'agent.update' rather than a crash or a silent drop.
import assert from 'node:assert/strict';
import { EVENT_PAYLOADS } from '../../daemon/protocol/events.js';
import { translateSessionUpdate } from '../../daemon/agents/sessionUpdates.js';

const wrap = (update: Record<string, unknown>) => ({ sessionId: 'sess-1', update });

describe('session/update translation', () => {
  it('turns message, thought and user chunks into their events, keeping messageId', () => {
    const r = translateSessionUpdate(wrap({ sessionUpdate: 'agent_message_chunk', messageId: 'm1', content: { type: 'text', text: 'hi' } }));
    assert.equal(r.acpSessionId, 'sess-1');
    assert.deepEqual(r.event, { type: 'agent.message_chunk', payload: { messageId: 'm1', text: 'hi' } });
    assert.equal(translateSessionUpdate(wrap({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: 't' } })).event.type, 'agent.thought_chunk');
    assert.equal(translateSessionUpdate(wrap({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text: 'u' } })).event.type, 'user.message_chunk');
  });

  it('keeps tool call fields, including diff and terminal content, and drops the rest', () => {
    const content = [
      { type: 'diff', path: '/w/a.ts', oldText: null, newText: 'x' },
      { type: 'terminal', terminalId: 'term-1' },
    ];
    const r = translateSessionUpdate(wrap({ sessionUpdate: 'tool_call_update', toolCallId: 't1', status: 'completed', content, _meta: { x: 1 } }));
    assert.deepEqual(r.event, { type: 'tool_call_update', payload: { toolCallId: 't1', status: 'completed', content } });
  });

  it('passes the full plan and maps usage updates', () => {
    const plan = translateSessionUpdate(wrap({ sessionUpdate: 'plan', entries: [{ content: 'a', priority: 'high', status: 'pending' }] }));
    assert.deepEqual(plan.event, { type: 'plan', payload: { entries: [{ content: 'a', priority: 'high', status: 'pending' }] } });
    const usage = translateSessionUpdate(wrap({ sessionUpdate: 'usage_update', used: 10, size: 100 }));
    assert.deepEqual(usage.event, { type: 'usage', payload: { usage: { used: 10, size: 100 } } });
  });

  it('reads available_commands_update as session.commands_changed: names without the slash, the input hint', () => {
    const r = translateSessionUpdate(
      wrap({
        sessionUpdate: 'available_commands_update',
        availableCommands: [
          { name: 'review', description: 'Review a PR', input: { hint: 'pr number' } },
          { name: '/compact', description: 'Compact the context', input: null },
          { name: '', description: 'nameless' },
          'junk',
        ],
      }),
    );
    assert.deepEqual(r.event, {
      type: 'session.commands_changed',
      payload: { commands: [{ name: 'review', description: 'Review a PR', inputHint: 'pr number' }, { name: 'compact', description: 'Compact the context', inputHint: null }] },
    });
  });

  it('reports unknown, newer and malformed updates as agent.update', () => {
    for (const update of [
      { sessionUpdate: 'available_commands_update', availableCommands: 'not a list' },
      { sessionUpdate: 'current_mode_update', currentModeId: 'plan' }, // folded into settings by the connection
      { sessionUpdate: 'subagent_started_in_2027', whatever: true },
      { sessionUpdate: 'tool_call' }, // no toolCallId
      { sessionUpdate: 'agent_message_chunk', content: { type: 'image', data: '', mimeType: 'image/png' } },
    ]) {
      const r = translateSessionUpdate(wrap(update));
      assert.equal(r.event.type, 'agent.update');
      assert.ok(EVENT_PAYLOADS['agent.update'].safeParse(r.event.payload).success);
    }
    assert.deepEqual(translateSessionUpdate(null), { acpSessionId: null, event: { type: 'agent.update', payload: { kind: 'unknown', update: {} } } });
  });
});

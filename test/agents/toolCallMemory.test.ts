// A permission request is judged with everything the agent said about that tool call before.
import assert from 'node:assert/strict';
import { ToolCallMemory } from '../../daemon/agents/toolCallMemory.js';

describe('tool call memory', () => {
  it('folds earlier locations, diffs and the real rawInput into a bare request', () => {
    const m = new ToolCallMemory();
    m.note({ type: 'tool_call', payload: { toolCallId: 't1', title: 'Write', kind: 'edit', status: 'pending', rawInput: {} } });
    m.note({ type: 'tool_call_update', payload: { toolCallId: 't1', locations: [{ path: '/outside/a.txt' }], rawInput: { file_path: '/outside/a.txt' } } });
    m.note({ type: 'tool_call_update', payload: { toolCallId: 't1', content: [{ type: 'diff', path: '/outside/a.txt', newText: 'x' }], rawInput: {} } });
    const full = m.complete({ toolCallId: 't1', title: 'Write /outside/a.txt' });
    assert.equal(full.kind, 'edit');
    assert.equal(full.title, 'Write /outside/a.txt');
    assert.deepEqual(full.locations, [{ path: '/outside/a.txt' }]);
    assert.deepEqual(full.rawInput, { file_path: '/outside/a.txt' });
    assert.equal((full.content as unknown[]).length, 1);
  });

  it('leaves an unknown tool call as it came, and ignores other updates', () => {
    const m = new ToolCallMemory();
    m.note({ type: 'agent.message_chunk', payload: { text: 'hi' } });
    assert.deepEqual(m.complete({ toolCallId: 'new', kind: 'execute' }), { toolCallId: 'new', kind: 'execute' });
  });
});

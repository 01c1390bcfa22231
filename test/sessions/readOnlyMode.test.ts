// Which of an agent's modes a read-only session selects: the modes real agents offer, names
// compared whole (Claude's `dontAsk` is not `ask`), and agents without a read-only mode.
import assert from 'node:assert/strict';
import type { AgentModes } from '../../daemon/agents/agentConnection.js';
import { readOnlyModeOf } from '../../daemon/sessions/readOnlyMode.js';

const modes = (...available: Array<[string, string]>): AgentModes => ({
  currentModeId: available[0]?.[0] ?? null,
  available: available.map(([id, name]) => ({ id, name })),
});

describe('read-only mode selection', function () {
  it("picks Claude's plan and Codex's read-only", function () {
    const claude = modes(['default', 'Default'], ['acceptEdits', 'Accept Edits'], ['plan', 'Plan Mode'], ['dontAsk', "Don't Ask"]);
    assert.deepEqual(readOnlyModeOf(claude), { id: 'plan', name: 'Plan Mode' });
    const codex = modes(['read-only', 'Read Only'], ['auto', 'Default'], ['full-access', 'Full Access']);
    assert.deepEqual(readOnlyModeOf(codex), { id: 'read-only', name: 'Read Only' });
  });

  it('accepts the spellings of read-only, in ids or names', function () {
    for (const [id, name] of [
      ['readonly', 'x'],
      ['read_only', 'x'],
      ['READ-ONLY', 'x'],
      ['m1', 'Read only'],
      ['m2', 'Read-Only Mode'],
      ['m3', 'Plan'],
      ['ask', 'Ask'],
    ] as const) {
      assert.deepEqual(readOnlyModeOf(modes(['default', 'Default'], [id, name])), { id, name }, `${id} / ${name}`);
    }
  });

  it('prefers plan, then read-only, then ask', function () {
    assert.equal(readOnlyModeOf(modes(['ask', 'Ask'], ['read-only', 'Read only'], ['plan', 'Plan']))?.id, 'plan');
    assert.equal(readOnlyModeOf(modes(['ask', 'Ask'], ['read-only', 'Read only']))?.id, 'read-only');
  });

  it('finds none when no mode promises to stay read-only', function () {
    assert.equal(readOnlyModeOf(modes(['default', 'Default'], ['acceptEdits', 'Accept Edits'], ['dontAsk', "Don't Ask"], ['bypassPermissions', 'Bypass'])), null);
    assert.equal(readOnlyModeOf(modes(['planner', 'Planner'], ['ask-first', 'Ask first'])), null, 'whole names only');
    assert.equal(readOnlyModeOf(modes()), null);
    assert.equal(readOnlyModeOf(null), null);
  });
});

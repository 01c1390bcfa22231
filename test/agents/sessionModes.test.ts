// Session modes: read from session/new and session/load answers in both ACP shapes, and switched
// on the real demo agent with session/set_mode (it answers with current_mode_update).
import assert from 'node:assert/strict';
import { AgentConnection } from '../../daemon/agents/agentConnection.js';
import { AgentRequestError } from '../../daemon/agents/errors.js';
import { offeredModes } from '../../daemon/agents/sessionModes.js';
import { enterReadOnlyMode } from '../../daemon/sessions/readOnlyMode.js';
import { demoLaunch, RecordingHost, startDemo, useDemoWorkspace } from './demoHarness.js';

describe('session modes', function () {
  describe('as offered in session/new answers', function () {
    it('reads `modes` (claude-agent-acp and codex-acp send both shapes; `modes` wins)', function () {
      const offered = offeredModes({
        sessionId: 's',
        modes: { currentModeId: 'auto', availableModes: [{ id: 'read-only', name: 'Read Only' }, { id: 'auto', name: 'Default' }, { id: 'broken' }, 'junk'] },
        configOptions: [{ id: 'mode', type: 'select', currentValue: 'auto', options: [{ value: 'other', name: 'Other' }] }],
      });
      assert.deepEqual(offered, {
        modes: { currentModeId: 'auto', available: [{ id: 'read-only', name: 'Read Only' }, { id: 'auto', name: 'Default' }, { id: 'broken', name: 'broken' }] },
        configId: null,
      });
    });

    it('falls back to a `mode` select config option, flat or grouped', function () {
      const offered = offeredModes({
        sessionId: 's',
        configOptions: [
          { id: 'model', type: 'select', currentValue: 'm', options: [{ value: 'm', name: 'M' }] },
          { id: 'agent-mode', category: 'mode', type: 'select', currentValue: 'edit', options: [{ group: 'g', name: 'G', options: [{ value: 'edit', name: 'Edit' }, { value: 'plan', name: 'Plan' }] }] },
        ],
      });
      assert.deepEqual(offered, { modes: { currentModeId: 'edit', available: [{ id: 'edit', name: 'Edit' }, { id: 'plan', name: 'Plan' }] }, configId: 'agent-mode' });
    });

    it('reads nothing from answers without modes or with malformed ones', function () {
      for (const res of [{ sessionId: 's' }, null, 'x', { modes: { availableModes: [] } }, { modes: 'plan' }, { configOptions: [{ id: 'mode', type: 'boolean', currentValue: true }] }]) {
        assert.equal(offeredModes(res), null, JSON.stringify(res));
      }
    });
  });

  describe('with the demo agent', function () {
    const ws = useDemoWorkspace();

    it('remembers the modes of session/new, switches with set_mode and follows current_mode_update', async function () {
      const host = new RecordingHost();
      const { conn, sessionId } = await startDemo(ws.work.path, ws.home.path, host);
      ws.conn = conn;
      assert.deepEqual(conn.modesOf(sessionId), { currentModeId: 'default', available: [{ id: 'default', name: 'Default' }, { id: 'plan', name: 'Plan (read-only)' }] });
      assert.equal(conn.modesOf('another-session'), null);

      assert.deepEqual(await enterReadOnlyMode(conn, sessionId), { level: 'info', message: 'read-only session: selected the agent\'s "plan" mode (Plan (read-only))' });
      const update = await host.waitFor('agent.update', (e) => e.payload.kind === 'current_mode_update');
      assert.equal((update.payload.update as { currentModeId?: string }).currentModeId, 'plan');
      assert.equal(conn.modesOf(sessionId)?.currentModeId, 'plan');
      assert.deepEqual(await enterReadOnlyMode(conn, sessionId), { level: 'info', message: 'read-only session: the agent is already in its "plan" mode' });

      await assert.rejects(conn.setMode(sessionId, 'yolo'), (e: unknown) => AgentRequestError.is(e, 'protocol'));
      assert.equal(conn.modesOf(sessionId)?.currentModeId, 'plan', 'a refused switch changes nothing');
    });

    it('remembers the modes session/load offers', async function () {
      const first = await startDemo(ws.work.path, ws.home.path, new RecordingHost());
      await first.conn.terminate();
      const conn = await AgentConnection.start(demoLaunch(ws.work.path, ws.home.path), new RecordingHost());
      ws.conn = conn;
      assert.equal(conn.modesOf(first.sessionId), null);
      await conn.loadSessionById(first.sessionId);
      assert.equal(conn.modesOf(first.sessionId)?.currentModeId, 'default');
    });
  });
});

// Session settings as agents offer them: read from session/new and session/load answers in the
// shapes real agents send (claude-agent-acp: modes + models + configOptions; codex-acp: modes +
// configOptions with reasoning_effort), folded with the agent's updates, and set on the real demo
// agent through session/set_config_option and session/set_mode.
import assert from 'node:assert/strict';
import { AgentConnection } from '../../daemon/agents/agentConnection.js';
import { AgentRequestError } from '../../daemon/agents/errors.js';
import { changedOptionIds, foldConfigUpdate, offeredConfig } from '../../daemon/agents/sessionConfig.js';
import { enterReadOnlyMode } from '../../daemon/sessions/readOnlyMode.js';
import { demoLaunch, RecordingHost, startDemo, useDemoWorkspace } from './demoHarness.js';

/** claude-agent-acp 0.23.1's session/new answer (trimmed to what matters). */
const CLAUDE_NEW = {
  sessionId: 's',
  modes: {
    currentModeId: 'default',
    availableModes: [
      { id: 'default', name: 'Default', description: 'Standard behavior' },
      { id: 'acceptEdits', name: 'Accept Edits' },
      { id: 'plan', name: 'Plan Mode' },
      { id: 'dontAsk', name: "Don't Ask" },
    ],
  },
  models: {
    currentModelId: 'default',
    availableModels: [
      { modelId: 'default', name: 'Default (recommended)' },
      { modelId: 'sonnet[1m]', name: 'Sonnet (1M context)' },
      { modelId: 'opus[1m]', name: 'Opus (1M context)' },
      { modelId: 'haiku', name: 'Haiku' },
    ],
  },
  configOptions: [
    { id: 'mode', name: 'Mode', description: 'Session permission mode', category: 'mode', type: 'select', currentValue: 'default', options: [{ value: 'default', name: 'Default' }, { value: 'plan', name: 'Plan Mode' }] },
    { id: 'model', name: 'Model', description: 'AI model to use', category: 'model', type: 'select', currentValue: 'default', options: [{ value: 'default', name: 'Default (recommended)' }, { value: 'opus[1m]', name: 'Opus (1M context)' }] },
  ],
};

/** codex-acp 0.16.0's: modes plus configOptions mode, model (grouped here) and reasoning_effort. */
const CODEX_NEW = {
  sessionId: 'c',
  modes: { currentModeId: 'auto', availableModes: [{ id: 'read-only', name: 'Read Only' }, { id: 'auto', name: 'Default' }, { id: 'full-access', name: 'Full Access' }] },
  configOptions: [
    { id: 'mode', name: 'Approval Preset', category: 'mode', type: 'select', currentValue: 'auto', options: [{ value: 'read-only', name: 'Read Only' }, { value: 'auto', name: 'Default' }, { value: 'full-access', name: 'Full Access' }] },
    { id: 'model', name: 'Model', category: 'model', type: 'select', currentValue: 'gpt-5.4', options: [{ group: 'openai', name: 'OpenAI', options: [{ value: 'gpt-5.4', name: 'gpt-5.4' }, { value: 'gpt-5.4-mini', name: 'gpt-5.4-mini' }] }] },
    { id: 'reasoning_effort', name: 'Reasoning Effort', category: 'thought_level', type: 'select', currentValue: 'medium', options: [{ value: 'low', name: 'Low' }, { value: 'medium', name: 'Medium' }, { value: 'high', name: 'High' }] },
    { id: 'web_search', name: 'Web search', type: 'boolean', currentValue: false },
  ],
};

describe('session settings (sessionConfig.ts)', function () {
  describe('as offered in answers', function () {
    it('reads claude-agent-acp: configOptions win over modes and models for the same category', function () {
      const options = offeredConfig(CLAUDE_NEW);
      assert.deepEqual(options.map((o) => [o.id, o.category, o.source, o.currentValue]), [
        ['mode', 'mode', 'config', 'default'],
        ['model', 'model', 'config', 'default'],
      ]);
      assert.deepEqual(options[1]!.values[1], { value: 'opus[1m]', name: 'Opus (1M context)', description: null, group: null });
    });

    it('reads codex-acp: grouped selects keep their group, booleans have no values', function () {
      const options = offeredConfig(CODEX_NEW);
      assert.deepEqual(options.map((o) => [o.id, o.type, o.source]), [
        ['mode', 'select', 'config'],
        ['model', 'select', 'config'],
        ['reasoning_effort', 'select', 'config'],
        ['web_search', 'boolean', 'config'],
      ]);
      assert.deepEqual(options[1]!.values.map((v) => [v.value, v.group]), [['gpt-5.4', 'OpenAI'], ['gpt-5.4-mini', 'OpenAI']]);
      assert.equal(options[3]!.currentValue, false);
      assert.deepEqual(options[3]!.values, []);
    });

    it('falls back to legacy modes and models, each switched by its own method', function () {
      const { configOptions: _c, ...legacy } = CLAUDE_NEW;
      const options = offeredConfig(legacy);
      assert.deepEqual(options.map((o) => [o.id, o.category, o.source, o.currentValue, o.values.length]), [
        ['mode', 'mode', 'modes', 'default', 4],
        ['model', 'model', 'models', 'default', 4],
      ]);
    });

    it('reads nothing from answers without settings or with malformed ones', function () {
      for (const res of [{ sessionId: 's' }, null, 'x', { modes: { availableModes: [] } }, { modes: 'plan' }, { configOptions: [{ id: 'x', type: 'select', options: [] }, { type: 'boolean' }] }]) {
        assert.deepEqual(offeredConfig(res), [], JSON.stringify(res));
      }
    });
  });

  describe('folding updates', function () {
    const claude = offeredConfig(CLAUDE_NEW);

    it('config_option_update replaces the set whole; current_mode_update and current_model_update move one value', function () {
      const plan = foldConfigUpdate(claude, { sessionUpdate: 'current_mode_update', currentModeId: 'plan' });
      assert.equal(plan?.find((o) => o.id === 'mode')?.currentValue, 'plan');
      assert.deepEqual(changedOptionIds(claude, plan!), ['mode']);
      const model = foldConfigUpdate(claude, { sessionUpdate: 'current_model_update', currentModelId: 'opus[1m]' });
      assert.equal(model?.find((o) => o.id === 'model')?.currentValue, 'opus[1m]');
      const whole = foldConfigUpdate(claude, { sessionUpdate: 'config_option_update', configOptions: [CLAUDE_NEW.configOptions[0]] });
      assert.deepEqual(whole?.map((o) => o.id), ['mode'], 'the update is the full new set');
      assert.deepEqual(changedOptionIds(claude, whole!), ['model']);
    });

    it('other updates and malformed ones touch nothing', function () {
      for (const u of [{ sessionUpdate: 'agent_message_chunk' }, { sessionUpdate: 'config_option_update' }, { sessionUpdate: 'current_mode_update' }, null]) {
        assert.equal(foldConfigUpdate(claude, u), null, JSON.stringify(u));
      }
    });
  });

  describe('with the demo agent', function () {
    const ws = useDemoWorkspace();

    it('offers model, mode and effort at session/new, sets them, refuses an unknown value, and follows current_mode_update', async function () {
      const host = new RecordingHost();
      const { conn, sessionId } = await startDemo(ws.work.path, ws.home.path, host);
      ws.conn = conn;
      assert.deepEqual(conn.configOf(sessionId).map((o) => [o.id, o.category, o.currentValue]), [
        ['model', 'model', 'demo-fast'],
        ['mode', 'mode', 'ask'],
        ['effort', 'thought_level', 'low'],
      ]);
      assert.deepEqual(conn.configOf('another-session'), []);

      assert.deepEqual(await enterReadOnlyMode(conn, sessionId), { level: 'info', message: 'read-only session: selected the agent\'s "plan" mode (Plan (read-only))' });
      const changed = await host.waitFor('session.config_changed', (e) => e.payload.changed.includes('mode'));
      assert.equal(changed.payload.options.find((o) => o.id === 'mode')?.currentValue, 'plan');
      assert.deepEqual(await enterReadOnlyMode(conn, sessionId), { level: 'info', message: 'read-only session: the agent is already in its "plan" mode' });

      const set = await conn.setConfig(sessionId, 'model', 'demo-smart');
      assert.equal(set.find((o) => o.id === 'model')?.currentValue, 'demo-smart');
      await assert.rejects(conn.setConfig(sessionId, 'effort', 'extreme'), (e: unknown) => AgentRequestError.is(e, 'protocol'));
      assert.equal(conn.configOf(sessionId).find((o) => o.id === 'effort')?.currentValue, 'low', 'a refused value changes nothing');
      const commands = await host.waitFor('session.commands_changed');
      assert.deepEqual(commands.payload.commands[0], { name: 'review', description: 'Review the changes in the working tree', inputHint: 'what to review' });
    });

    it('reads what session/load offers', async function () {
      const first = await startDemo(ws.work.path, ws.home.path, new RecordingHost());
      await first.conn.terminate();
      const conn = await AgentConnection.start(demoLaunch(ws.work.path, ws.home.path), new RecordingHost());
      ws.conn = conn;
      assert.deepEqual(conn.configOf(first.sessionId), []);
      await conn.loadSessionById(first.sessionId);
      assert.equal(conn.configOf(first.sessionId).find((o) => o.id === 'mode')?.currentValue, 'ask');
    });
  });
});

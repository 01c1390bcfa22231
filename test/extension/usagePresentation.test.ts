// The Sessions view's usage wording (extension/model/usagePresentation.ts), the session tooltip's
// settings and usage rows, and the tree model following the agent's settings.
import assert from 'node:assert/strict';
import type { ConfigOption } from '../../daemon/protocol/settingsEntities.js';
import { sessionTooltip } from '../../extension/model/sessionPresentation.js';
import { SessionTreeModel } from '../../extension/model/sessionTreeModel.js';
import { contextText, currentSetting, formatCost, projectCostText, usageText } from '../../extension/model/usagePresentation.js';
import { utcDay } from '../../extension/model/usageSync.js';
import { makeSession } from '../cli/fixtures.js';

const MODEL: ConfigOption = {
  id: 'model',
  name: 'Model',
  description: null,
  category: 'model',
  type: 'select',
  currentValue: 'demo-smart',
  values: [
    { value: 'demo-fast', name: 'Demo Fast', description: null, group: null },
    { value: 'demo-smart', name: 'Demo Smart', description: null, group: null },
  ],
  source: 'config',
};
const MODE: ConfigOption = { ...MODEL, id: 'mode', name: 'Mode', category: 'mode', currentValue: 'plan', values: [{ value: 'plan', name: 'Plan', description: null, group: null }] };
const USAGE = { inputTokens: 900, outputTokens: 300, cachedReadTokens: 0, cachedWriteTokens: 0, thoughtTokens: 0, totalTokens: 1200, contextUsed: 12_000, contextSize: 200_000, cost: { amount: 0.0123, currency: 'USD' } };

describe('usage in the Sessions view', () => {
  it('formats costs and a project\'s spend today against its budget', () => {
    assert.equal(formatCost({ amount: 0.0123, currency: 'USD' }), '$0.0123');
    assert.equal(formatCost({ amount: 3.5, currency: 'EUR' }), '3.50 EUR');
    assert.equal(projectCostText([{ amount: 0.02, currency: 'USD' }], 1), '$0.02 today / $1.00');
    assert.equal(projectCostText([{ amount: 0.004, currency: 'USD' }], null), '$0.0040 today');
    assert.equal(projectCostText([], 0.01), '$0.00 today / $0.01');
    assert.equal(projectCostText([], null), null);
    assert.equal(projectCostText([{ amount: 0, currency: 'USD' }], undefined), null);
    assert.equal(projectCostText([{ amount: 1.5, currency: 'EUR' }], null), '$0.00 + 1.50 EUR today');
  });

  it('names the current model and mode as the agent does, else what was asked for, else the stored model', () => {
    assert.equal(currentSetting(makeSession({ configOptions: [MODEL, MODE] }), 'model'), 'Demo Smart');
    assert.equal(currentSetting(makeSession({ configOptions: [MODEL, MODE] }), 'mode'), 'Plan');
    assert.equal(currentSetting(makeSession({ configOptions: null, requestedSettings: { mode: 'auto' } }), 'mode'), 'auto');
    assert.equal(currentSetting(makeSession({ model: 'opus' }), 'model'), 'opus');
    assert.equal(currentSetting(makeSession({}), 'mode'), null);
  });

  it('shows context and usage only when the agent reported them', () => {
    assert.equal(contextText(USAGE), '12,000 of 200,000 tokens (6%)');
    assert.equal(contextText({ ...USAGE, contextSize: null }), null);
    assert.equal(usageText(USAGE), '$0.0123 · 1,200 tokens');
    assert.equal(usageText({ ...USAGE, cost: null, totalTokens: 0 }), null);
    assert.equal(usageText(null), null);
  });

  it('the session tooltip carries model, mode, context and cost rows', () => {
    const tip = sessionTooltip(makeSession({ configOptions: [MODEL, MODE], usage: USAGE }), 'proj', Date.now());
    assert.match(tip, /\| Model \| Demo Smart \|/);
    assert.match(tip, /\| Mode \| Plan \|/);
    assert.match(tip, /\| Context \| 12,000 of 200,000 tokens \\\(6%\\\) \|/);
    assert.match(tip, /\| Usage \| \$0\\\.0123 · 1,200 tokens \|/);
    assert.doesNotMatch(sessionTooltip(makeSession({}), 'proj', Date.now()), /\| (Mode|Context|Usage) \|/);
  });

  it('the tree model follows the agent\'s settings and the usage `session.updated` carries', () => {
    const m = new SessionTreeModel();
    const s = makeSession({ id: 's1', projectId: 'p1' });
    m.finishLoading([], [s]);
    m.applyEvent({ seq: 1, type: 'session.config_changed', sessionId: 's1', projectId: 'p1', time: 't', payload: { options: [MODEL], requested: { model: 'demo-smart' }, changed: ['model'], by: 'user' } });
    assert.equal(currentSetting(m.session('s1')!, 'model'), 'Demo Smart');
    m.applyEvent({ seq: 2, type: 'session.updated', sessionId: 's1', projectId: 'p1', time: 't', payload: { session: { ...m.session('s1')!, usage: USAGE } } });
    assert.equal(m.session('s1')?.usage?.totalTokens, 1200);
    assert.equal(utcDay(new Date('2026-12-07T23:59:59.000Z')), '2026-12-07');
  });
});

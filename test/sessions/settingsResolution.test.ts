// Matching a person's settings against what the agent offers: exact, then case-insensitive value or
// name, then the one value or name containing it; requests merged over template defaults.
import assert from 'node:assert/strict';
import type { ConfigOption } from '../../daemon/protocol/settingsEntities.js';
import { matchValue, mergeRequests, resolveRequest } from '../../daemon/sessions/settingsResolution.js';

function select(id: string, category: string | null, values: Array<[string, string]>, currentValue: string | null = values[0]?.[0] ?? null): ConfigOption {
  return { id, name: id[0]!.toUpperCase() + id.slice(1), description: null, category, type: 'select', currentValue, values: values.map(([value, name]) => ({ value, name, description: null, group: null })), source: 'config' };
}

const claudeModel = select('model', 'model', [['default', 'Default (recommended)'], ['sonnet[1m]', 'Sonnet (1M context)'], ['opus[1m]', 'Opus (1M context)'], ['haiku', 'Haiku']]);
const codexMode = select('mode', 'mode', [['read-only', 'Read Only'], ['auto', 'Default'], ['full-access', 'Full Access']]);
const effort = select('reasoning_effort', 'thought_level', [['low', 'Low'], ['medium', 'Medium'], ['high', 'High'], ['xhigh', 'Extra high']]);
const web: ConfigOption = { id: 'web_search', name: 'Web search', description: null, category: null, type: 'boolean', currentValue: false, values: [], source: 'config' };

describe('settings resolution', function () {
  it('matches exactly, then by case, then the one value or name that contains it', function () {
    assert.equal(matchValue(claudeModel, 'haiku'), 'haiku');
    assert.equal(matchValue(claudeModel, 'opus'), 'opus[1m]');
    assert.equal(matchValue(claudeModel, 'Sonnet (1M context)'), 'sonnet[1m]');
    assert.equal(matchValue(codexMode, 'default'), 'auto', 'a name equal but for case');
    assert.equal(matchValue(codexMode, 'FULL'), 'full-access');
    assert.equal(matchValue(effort, 'high'), 'high', 'exact wins over containment (xhigh)');
    assert.equal(matchValue(effort, 'igh'), null, 'two values contain it: none is chosen');
    assert.equal(matchValue(claudeModel, 'gpt'), null);
    assert.equal(matchValue(claudeModel, true), null);
  });

  it('reads booleans and their words', function () {
    assert.equal(matchValue(web, true), true);
    assert.equal(matchValue(web, 'off'), false);
    assert.equal(matchValue(web, 'maybe'), null);
  });

  it('resolves model and mode by category, options by id, in that order, and names the first mismatch', function () {
    const options = [codexMode, claudeModel, effort, web];
    const ok = resolveRequest(options, { options: { web_search: 'on', reasoning_effort: 'Medium' }, mode: 'read', model: 'opus' });
    assert.ok('steps' in ok);
    assert.deepEqual(ok.steps.map((s) => [s.field, s.option.id, s.value]), [
      ['model', 'model', 'opus[1m]'],
      ['mode', 'mode', 'read-only'],
      ['options.web_search', 'web_search', true],
      ['options.reasoning_effort', 'reasoning_effort', 'medium'],
    ]);
    const unknown = resolveRequest(options, { options: { temperature: 'hot' } });
    assert.deepEqual('mismatch' in unknown && [unknown.mismatch.field, unknown.mismatch.message], ['options.temperature', 'options.temperature: the agent offers no option "temperature" (it offers: mode, model, reasoning_effort, web_search)']);
    const value = resolveRequest(options, { model: 'gpt-5' });
    assert.deepEqual('mismatch' in value && [value.mismatch.field, value.mismatch.option, value.mismatch.message], ['model', 'model', 'model: "gpt-5" is not one of the agent\'s Model values (default, sonnet[1m], opus[1m], haiku)']);
    const none = resolveRequest([], { mode: 'plan' });
    assert.ok('mismatch' in none && none.mismatch.message === 'mode: the agent offers no option "mode" (it offers: none)');
  });

  it('merges a request over defaults: model and mode replaced, options merged by id, empty as null', function () {
    assert.deepEqual(mergeRequests({ model: 'a', options: { x: '1', y: '2' } }, { mode: 'plan', options: { y: '3' } }), { model: 'a', mode: 'plan', options: { x: '1', y: '3' } });
    assert.deepEqual(mergeRequests({ model: 'a' }, { model: 'b' }), { model: 'b' });
    assert.equal(mergeRequests(null, {}), null);
    assert.equal(mergeRequests(undefined, undefined), null);
  });
});

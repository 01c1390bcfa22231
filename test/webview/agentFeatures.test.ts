// The chat panel's pure pieces for what agents offer beyond turns: the reducer's settings,
// commands, usage and elicitation state; the header's pickers, change requests and figures; the
// composer's `/` completion; the elicitation form built from a schema and checked.
import assert from 'node:assert/strict';
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { ConfigOption } from '../../daemon/protocol/settingsEntities.js';
import type { SessionUsage } from '../../daemon/protocol/usageEntities.js';
import { applyEvents, createChatModel } from '../../webview-ui/chat/chatModel.js';
import { buildForm, checkForm, describeContent, initialValues } from '../../webview-ui/chat/elicitationForm.js';
import { changeRequest, contextGauge, costBadge, currentValueName, formatCost, optionsSummary, settingsPickers } from '../../webview-ui/chat/sessionSettings.js';
import { commandInText, commandQuery, matchCommands, moveSelection, pickedText } from '../../webview-ui/chat/slashCommands.js';

const option = (id: string, category: string | null, values: string[], current: string | boolean | null, type: 'select' | 'boolean' = 'select'): ConfigOption => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  description: null,
  category,
  type,
  currentValue: current,
  values: values.map((v) => ({ value: v, name: v.replace('demo-', 'Demo '), description: null, group: null })),
  source: 'config',
});

const MODEL = option('model', 'model', ['demo-fast', 'demo-smart'], 'demo-fast');
const MODE = option('mode', 'mode', ['ask', 'plan', 'auto'], 'ask');
const EFFORT = option('effort', 'thought_level', ['low', 'high'], 'high');
const VERBOSE = option('verbose', null, [], false, 'boolean');
const COMMANDS = [
  { name: 'review', description: 'Review the branch', inputHint: 'focus' },
  { name: 'summarize', description: 'Summarize so far', inputHint: null },
  { name: 'explain', description: 'Explain a file', inputHint: 'path' },
];

let seq = 1;
const ev = (type: string, payload: unknown): LooseEvent => ({ seq: seq++, type, sessionId: 's1', projectId: 'p1', time: '2026-12-07T00:00:00.000Z', payload });
const usage = (over: Partial<SessionUsage> = {}): SessionUsage => ({
  inputTokens: 1000,
  outputTokens: 200,
  cachedReadTokens: 0,
  cachedWriteTokens: 0,
  thoughtTokens: 0,
  totalTokens: 1200,
  contextUsed: 5000,
  contextSize: 200_000,
  cost: { amount: 0.0123, currency: 'USD' },
  ...over,
});

describe('chat agent features', () => {
  beforeEach(() => {
    seq = 1;
  });

  describe('reducer', () => {
    it('keeps the whole current set of options and commands from their events, and replaying changes nothing', () => {
      const events = [
        ev('session.config_changed', { options: [MODEL, MODE], requested: null, changed: ['model', 'mode'], by: 'agent' }),
        ev('session.commands_changed', { commands: COMMANDS }),
        ev('session.config_changed', { options: [{ ...MODEL, currentValue: 'demo-smart' }, MODE], requested: { model: 'demo-smart' }, changed: ['model'], by: 'user' }),
      ];
      const m = createChatModel();
      applyEvents(m, events);
      assert.equal(m.config[0]?.currentValue, 'demo-smart');
      assert.deepEqual(m.commands.map((c) => c.name), ['review', 'summarize', 'explain']);
      const before = JSON.stringify(m);
      assert.equal(applyEvents(m, events), 0);
      assert.equal(JSON.stringify(m), before);
      assert.deepEqual(m.items, [], 'settings and commands are not conversation items');
    });

    it('takes the cumulative cost of each usage report, never adding them up', () => {
      const m = createChatModel();
      applyEvents(m, [
        ev('usage', { usage: { used: 1000, size: 200_000, cost: { amount: 0.01, currency: 'USD' } } }),
        ev('usage', { usage: { used: 3000, size: 200_000, cost: { amount: 0.03, currency: 'USD' } } }),
        // A report without cost (or a malformed one) keeps what is known.
        ev('usage', { usage: { used: 3500 } }),
        ev('usage', { usage: { used: 'lots' } }),
      ]);
      assert.deepEqual([m.usage?.contextUsed, m.usage?.contextSize, m.usage?.cost], [3500, 200_000, { amount: 0.03, currency: 'USD' }]);
    });

    it('adopts a session snapshot\'s settings, commands and usage (newer than any replayed event)', () => {
      const m = createChatModel();
      applyEvents(m, [ev('session.updated', { session: { ...sessionStub(), configOptions: [MODEL], commands: COMMANDS.slice(0, 1), usage: usage() } })]);
      assert.deepEqual([m.config.length, m.commands.length, m.usage?.totalTokens], [1, 1, 1200]);
      // A snapshot from a daemon that knows none of it keeps what the events said.
      applyEvents(m, [ev('session.updated', { session: sessionStub() })]);
      assert.deepEqual([m.config.length, m.commands.length], [1, 1]);
    });

    it('puts an elicitation in the timeline and marks it answered; a system cancel reads as cancelled; a refusal is a notice', () => {
      const request = { id: 'e1', sessionId: 's1', turnId: 't1', message: 'Name?', requestedSchema: { type: 'object', properties: {} }, state: 'pending', action: null, content: null, answeredBy: null, createdAt: 'x', answeredAt: null };
      const m = createChatModel();
      applyEvents(m, [
        ev('elicitation.requested', { request }),
        ev('elicitation.requested', { request: { ...request, id: 'e2' } }),
        ev('elicitation.answered', { requestId: 'e1', action: 'decline', answeredBy: 'user' }),
        ev('elicitation.answered', { requestId: 'e2', action: 'cancel', answeredBy: 'system' }),
        ev('session.config_refused', { requested: { mode: 'plan' }, option: 'mode', value: 'plan', message: 'not now' }),
      ]);
      const [e1, e2, notice] = m.items;
      assert.deepEqual(e1?.kind === 'elicitation' && [e1.status, e1.action, e1.answeredBy], ['answered', 'decline', 'user']);
      assert.deepEqual(e2?.kind === 'elicitation' && [e2.status, e2.action], ['cancelled', 'cancel']);
      assert.deepEqual(notice?.kind === 'notice' && [notice.level, notice.text], ['warn', 'The agent refused mode = plan: not now']);
    });
  });

  describe('header', () => {
    it('builds the model and mode pickers by category and puts the rest in options', () => {
      const p = settingsPickers([EFFORT, MODE, MODEL, VERBOSE]);
      assert.equal(p.model, MODEL);
      assert.equal(p.mode, MODE);
      assert.deepEqual(p.others, [EFFORT, VERBOSE]);
      assert.deepEqual(settingsPickers([]), { model: null, mode: null, others: [] });
      assert.equal(optionsSummary(p.others), 'Effort: high · Verbose: off');
      assert.equal(currentValueName(MODEL), 'Demo fast');
    });

    it('turns a choice into the request the daemon stores: model and mode by category, the rest by id', () => {
      const p = settingsPickers([MODEL, MODE, EFFORT, VERBOSE]);
      assert.deepEqual(changeRequest(p, MODEL, 'demo-smart'), { model: 'demo-smart' });
      assert.deepEqual(changeRequest(p, MODE, 'plan'), { mode: 'plan' });
      assert.deepEqual(changeRequest(p, EFFORT, 'low'), { options: { effort: 'low' } });
      assert.deepEqual(changeRequest(p, VERBOSE, true), { options: { verbose: true } });
    });

    it('formats cost to a hundredth of a cent under a dollar, cents above, other currencies by code', () => {
      assert.equal(formatCost({ amount: 0.0123, currency: 'USD' }), '$0.0123');
      assert.equal(formatCost({ amount: 0, currency: 'usd' }), '$0.0000');
      assert.equal(formatCost({ amount: 12.345, currency: 'USD' }), '$12.35');
      assert.equal(formatCost({ amount: 0.5, currency: 'EUR' }), '0.5000 EUR');
    });

    it('shows the context bar only with both figures, and the cost only when the agent reports one', () => {
      assert.deepEqual(contextGauge(usage()), { fraction: 0.025, label: 'Context: 5,000 of 200,000 tokens (3%)' });
      assert.equal(contextGauge(usage({ contextSize: null })), null);
      assert.equal(contextGauge(usage({ contextUsed: 300_000 }))?.fraction, 1);
      assert.equal(contextGauge(null), null);
      assert.deepEqual(costBadge(usage()), { text: '$0.0123', tooltip: 'Session cost so far, as the agent reported it\n1,200 tokens (in 1,000 · out 200)' });
      assert.equal(costBadge(usage({ cost: null })), null);
    });
  });

  describe('slash commands', () => {
    it('completes only a leading / with no space yet, name matches first', () => {
      assert.equal(commandQuery('/'), '');
      assert.equal(commandQuery('/rev'), 'rev');
      assert.equal(commandQuery('/review src'), null);
      assert.equal(commandQuery('look at /review'), null);
      assert.deepEqual(matchCommands(COMMANDS, '').map((c) => c.name), ['review', 'summarize', 'explain']);
      assert.deepEqual(matchCommands(COMMANDS, 'e').map((c) => c.name), ['explain', 'review', 'summarize']);
      assert.deepEqual(matchCommands(COMMANDS, 'FILE').map((c) => c.name), ['explain']);
      assert.deepEqual(matchCommands(COMMANDS, 'zzz'), []);
    });

    it('a pick leaves `/name ` to type its input after; the hint follows the command in the text', () => {
      assert.equal(pickedText(COMMANDS[0]!), '/review ');
      assert.equal(commandInText(COMMANDS, '/review src')?.inputHint, 'focus');
      assert.equal(commandInText(COMMANDS, '/unknown x'), null);
      assert.deepEqual([moveSelection(0, 3, -1), moveSelection(2, 3, 1), moveSelection(0, 0, 1)], [2, 0, 0]);
    });
  });

  describe('elicitation form', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string', title: 'Name', minLength: 2, maxLength: 5, default: 'Al' },
        age: { type: 'integer', minimum: 0, maximum: 150 },
        ratio: { type: 'number', description: 'a fraction' },
        ok: { type: 'boolean', default: true },
        size: { type: 'string', oneOf: [{ const: 's', title: 'Small' }, { const: 'l', title: 'Large' }] },
        tags: { type: 'array', items: { enum: ['a', 'b'] } },
        odd: { type: 'object' },
      },
      required: ['name', 'size', 'tags'],
    };

    it('builds one field per property: text, number, switch, select, multi-select; unknown types as text', () => {
      const fields = buildForm(schema);
      assert.deepEqual(fields.map((f) => [f.name, f.kind, f.required]), [
        ['name', 'text', true],
        ['age', 'number', false],
        ['ratio', 'number', false],
        ['ok', 'boolean', false],
        ['size', 'select', true],
        ['tags', 'multi', true],
        ['odd', 'text', false],
      ]);
      const size = fields[4];
      assert.deepEqual(size?.choices, [{ value: 's', label: 'Small' }, { value: 'l', label: 'Large' }]);
      const labelled = buildForm({ properties: { c: { type: 'string', enum: ['r', 'g'], enumNames: ['Red'] } } });
      assert.deepEqual(labelled[0]?.choices, [{ value: 'r', label: 'Red' }, { value: 'g', label: 'g' }]);
      assert.deepEqual(buildForm({ properties: 'nonsense' }), []);
    });

    it('says what is wrong per field in the shared checker\'s words, and sends typed values without empty optional ones', () => {
      const fields = buildForm(schema);
      const values = initialValues(fields);
      assert.deepEqual(checkForm(fields, { ...values, name: 'A', age: '1.5', ratio: 'x' }), {
        ok: false,
        errors: { name: '"name" must be at least 2 characters', age: '"age" must be a whole number', ratio: '"ratio" must be a number', size: '"size" is required', tags: '"tags" is required' },
      });
      assert.deepEqual(checkForm(fields, { ...values, age: '200', size: 'm', tags: ['a'] }), { ok: false, errors: { age: '"age" must be at most 150', size: '"size" must be one of: s, l' } });
      const good = checkForm(fields, { ...values, age: '42', size: 'l', tags: ['b'] });
      assert.deepEqual(good, { ok: true, content: { name: 'Al', age: 42, ok: true, size: 'l', tags: ['b'] } });
      assert.equal(good.ok && describeContent(fields, good.content), 'Name: Al · age: 42 · ok: true · size: l · tags: b');
    });
  });
});

function sessionStub(): Record<string, unknown> {
  return {
    id: 's1', shortId: 's1', projectId: 'p1', agent: 'demo', action: 'implement', title: 't', prompt: 'p', model: null, scopePath: null,
    state: 'running', stateReason: null, stateDetail: null, permissionPolicy: 'ask', readOnly: false, cwd: '/w', worktreePath: '/w',
    branch: 'b', baseRef: 'main', baseCommit: 'abc', acpSessionId: null, runtimeHandle: null, agentCapabilities: null, authMethods: [],
    exitCode: null, createdAt: '2026-12-07T00:00:00.000Z', updatedAt: '2026-12-07T00:00:00.000Z', endedAt: null,
  };
}

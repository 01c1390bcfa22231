// Reading an elicitation's form and checking answers against it (daemon/protocol/elicitationForm.ts):
// every field kind ACP's ElicitationSchema has, bounds, enums, multi-selects, and what a person types.
import assert from 'node:assert/strict';
import { checkFormContent, formFields, parseFieldValue } from '../../daemon/protocol/elicitationForm.js';

const SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Name', minLength: 2, maxLength: 5 },
    size: { type: 'string', oneOf: [{ const: 's', title: 'Small' }, { const: 'l', title: 'Large' }] },
    count: { type: 'integer', minimum: 1, maximum: 3 },
    ratio: { type: 'number', maximum: 1.5 },
    ok: { type: 'boolean', default: true },
    tags: { type: 'array', items: { anyOf: [{ const: 'a' }, { const: 'b' }] }, maxItems: 1 },
    future: { type: '_custom', whatever: 1 },
  },
  required: ['name', 'count'],
};

describe('elicitation forms', function () {
  const fields = formFields(SCHEMA);

  it('reads every field kind, in the declared order, with its bounds and choices', function () {
    assert.deepEqual(
      fields.map((f) => [f.name, f.type, f.required, f.choices, f.min, f.max]),
      [
        ['name', 'string', true, null, 2, 5],
        ['size', 'string', false, ['s', 'l'], null, null],
        ['count', 'integer', true, null, 1, 3],
        ['ratio', 'number', false, null, null, 1.5],
        ['ok', 'boolean', false, null, null, null],
        ['tags', 'array', false, ['a', 'b'], null, 1],
        ['future', 'other', false, null, null, null],
      ],
    );
    assert.equal(fields[0]?.title, 'Name');
    assert.equal(fields[4]?.default, true);
    assert.deepEqual(formFields({}), [], 'a form without properties has no fields');
  });

  it('accepts an answer that fits and names the field of one that does not', function () {
    assert.equal(checkFormContent(fields, { name: 'Ada', count: 2, size: 'l', ratio: 0.5, ok: false, tags: ['b'], future: 'x' }), null);
    const problems: Array<[Record<string, string | number | boolean | string[]>, string]> = [
      [{ count: 1 }, 'name'],
      [{ name: 'A', count: 1 }, 'name'],
      [{ name: 'Adalovelace', count: 1 }, 'name'],
      [{ name: 'Ada' }, 'count'],
      [{ name: 'Ada', count: 1.5 }, 'count'],
      [{ name: 'Ada', count: 4 }, 'count'],
      [{ name: 'Ada', count: 1, size: 'm' }, 'size'],
      [{ name: 'Ada', count: 1, ratio: 2 }, 'ratio'],
      [{ name: 'Ada', count: 1, ok: 'yes' }, 'ok'],
      [{ name: 'Ada', count: 1, tags: ['c'] }, 'tags'],
      [{ name: 'Ada', count: 1, tags: ['a', 'b'] }, 'tags'],
      [{ name: 'Ada', count: 1, colour: 'red' }, 'colour'],
    ];
    for (const [content, field] of problems) assert.equal(checkFormContent(fields, content)?.field, field, JSON.stringify(content));
  });

  it('reads typed text as the field type, and refuses text that is not', function () {
    const byName = (n: string) => fields.find((f) => f.name === n)!;
    assert.equal(parseFieldValue(byName('count'), '3'), 3);
    assert.equal(parseFieldValue(byName('count'), 'three'), null);
    assert.equal(parseFieldValue(byName('count'), ''), null);
    assert.equal(parseFieldValue(byName('ok'), 'false'), false);
    assert.equal(parseFieldValue(byName('ok'), 'maybe'), null);
    assert.deepEqual(parseFieldValue(byName('tags'), 'a, b'), ['a', 'b']);
    assert.equal(parseFieldValue(byName('name'), '42'), '42');
  });
});

import assert from 'node:assert/strict';
import { Redactor } from '../../daemon/system/redactor.js';

describe('redacting secrets from logs', () => {
  it('hides every occurrence of a registered secret', () => {
    const r = new Redactor();
    r.add('hunter2-very-secret');
    assert.equal(r.redact('a hunter2-very-secret b hunter2-very-secret'), 'a *** b ***');
  });

  it('hides a longer secret whole even when it contains a shorter one', () => {
    const r = new Redactor();
    r.addAll(['abcdef', 'abcdef-ghijkl']);
    assert.equal(r.redact('x abcdef-ghijkl y abcdef'), 'x *** y ***');
  });

  it('treats registered secrets literally, not as patterns', () => {
    const r = new Redactor();
    r.add('p4ss.w*rd(1)');
    assert.equal(r.redact('pw=p4ss.w*rd(1) and p4ssXwwrd1'), 'pw=*** and p4ssXwwrd1');
  });

  it('ignores values too short to be secrets', () => {
    const r = new Redactor();
    r.addAll(['1', 'ab', '', undefined, null]);
    assert.equal(r.redact('1 ab abc'), '1 ab abc');
  });

  it('registers the secret-looking values of an env map', () => {
    const r = new Redactor();
    r.addEnv({ ANTHROPIC_API_KEY: 'plainvalue123', GH_TOKEN: 'tokvalue456', PATH: '/usr/bin:/bin', HOME: '/users/ada' });
    assert.equal(r.redact('plainvalue123 tokvalue456 /usr/bin:/bin'), '*** *** /usr/bin:/bin');
  });

  const patterns: Array<[string, string, string]> = [
    ['OpenAI keys', 'key sk-proj-abcdefghijklmnop1234 used', 'key *** used'],
    ['Anthropic keys', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrSt', '***'],
    ['GitHub tokens', 'token ghp_abcdefghijklmnopqrstuvwxyz0123 here', 'token *** here'],
    ['fine-grained GitHub tokens', 'github_pat_11ABCDEFG0123456789_abcdefXYZ', '***'],
    ['bearer headers', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'Authorization: Bearer ***'],
    ['*_API_KEY= assignments', 'env OPENAI_API_KEY=whatever-value next', 'env OPENAI_API_KEY=*** next'],
    ['quoted JSON key fields', '{"GEMINI_API_KEY": "zzz-123"}', '{"GEMINI_API_KEY": "***"}'],
    ['*_TOKEN: values', 'GITHUB_TOKEN: abc123', 'GITHUB_TOKEN: ***'],
    ['Google API keys', 'AIzaSyA-1234567890abcdefghijklmnopqrstu', '***'],
  ];
  for (const [what, input, output] of patterns) {
    it(`hides ${what} without being told`, () => {
      assert.equal(new Redactor().redact(input), output);
    });
  }

  it('leaves ordinary text alone', () => {
    const text = 'max_tokens=100 task-list skipped 42 files; see docs/sk-guide.md';
    assert.equal(new Redactor().redact(text), text);
  });
});

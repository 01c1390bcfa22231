// `.switchboard/config.json`: a good file parses with defaults; an unknown key and a JSON syntax
// error are each one message naming the file, the key path and the line.
import assert from 'node:assert/strict';
import { normalizeIncludeRule, parseProjectConfig } from '../../daemon/protocol/projectConfig.js';

const FILE = '.switchboard/config.json';

describe('project config (.switchboard/config.json)', () => {
  it('parses a good file, plain include rules meaning copy', () => {
    const text = JSON.stringify(
      {
        setup: ['npm ci'],
        teardown: ['docker compose down'],
        include: ['.env', { path: 'node_modules/', mode: 'hardlink' }, { path: 'big/' }],
        ports: { count: 4, range: [4000, 4999], names: ['web', 'db'] },
        env: { NODE_ENV: 'development' },
      },
      null,
      2,
    );
    const { config, error } = parseProjectConfig(text, FILE);
    assert.equal(error, undefined);
    assert.deepEqual(config?.setup, ['npm ci']);
    assert.deepEqual(config?.include.map(normalizeIncludeRule), [
      { pattern: '.env', mode: 'copy' },
      { pattern: 'node_modules/', mode: 'hardlink' },
      { pattern: 'big/', mode: 'copy' },
    ]);
    assert.deepEqual(config?.ports, { count: 4, range: [4000, 4999], names: ['web', 'db'] });
  });

  it('fills defaults for an empty object', () => {
    assert.deepEqual(parseProjectConfig('{}', FILE).config, { setup: [], teardown: [], setupTimeoutSeconds: 600, include: [], env: {}, warmWorktree: false });
  });

  it('names an unknown key with its path and line', () => {
    const text = '{\n  "setup": ["npm ci"],\n  "ports": {\n    "count": 3,\n    "cuont": 4\n  }\n}\n';
    const { error } = parseProjectConfig(text, FILE);
    assert.match(error ?? '', /^\.switchboard\/config\.json:5: ports\.cuont: /);
  });

  it('names a wrong value inside an array with its index and line', () => {
    const text = '{\n  "include": [\n    ".env",\n    { "path": "nm/", "mode": "symlink" }\n  ]\n}';
    const { error } = parseProjectConfig(text, FILE);
    assert.match(error ?? '', /^\.switchboard\/config\.json:4: include\.1/);
  });

  it('names the line of a JSON syntax error', () => {
    const text = '{\n  "setup": ["npm ci"],\n  "teardown": [],\n}\n';
    const { error } = parseProjectConfig(text, FILE);
    assert.match(error ?? '', /^\.switchboard\/config\.json:4: not valid JSON/);
  });

  it('refuses a port range running backwards', () => {
    const { error } = parseProjectConfig('{"ports": {"range": [5000, 4000]}}', FILE);
    assert.match(error ?? '', /:1: ports\.range: range is \[from, to\]/);
  });
});

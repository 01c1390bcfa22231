// The agent's `authMethods` in the protocol's shape: ACP's method kinds, the terminal login's
// command line (the agent's own plus the method's args) and env, and the older `_meta` form.
import assert from 'node:assert/strict';
import { translateAuthMethods } from '../../daemon/agents/authMethods.js';

describe('auth methods from initialize', () => {
  const agent = ['/usr/bin/claude-agent-acp', '--flag'];

  it('reads ACP kinds: terminal (with args and env), agent (also without type) and env_var', () => {
    const methods = translateAuthMethods(
      [
        { type: 'terminal', id: 'claude-login', name: 'Log in with Claude', description: 'Run `claude /login`', args: ['--cli'], env: { LOGIN_MODE: 'tty' } },
        { id: 'gateway', name: 'Gateway' },
        { type: 'agent', id: 'oauth', name: 'OAuth', description: null },
        { type: 'env_var', id: 'codex-api-key', name: 'Use CODEX_API_KEY', vars: [{ name: 'CODEX_API_KEY' }] },
      ],
      agent,
    );
    assert.deepEqual(methods, [
      { id: 'claude-login', name: 'Log in with Claude', description: 'Run `claude /login`', type: 'terminal', terminalCommand: [...agent, '--cli'], terminalEnv: { LOGIN_MODE: 'tty' } },
      { id: 'gateway', name: 'Gateway', description: null, type: 'agent' },
      { id: 'oauth', name: 'OAuth', description: null, type: 'agent' },
      { id: 'codex-api-key', name: 'Use CODEX_API_KEY', description: null, type: 'env_var', envVars: ['CODEX_API_KEY'] },
    ]);
  });

  it('reads the older _meta terminal-auth as a terminal method with its own command', () => {
    const [m] = translateAuthMethods([{ id: 'login', name: 'Login', _meta: { 'terminal-auth': { command: '/bin/agent', args: ['login'] } } }], agent);
    assert.deepEqual(m, { id: 'login', name: 'Login', description: null, type: 'terminal', terminalCommand: ['/bin/agent', 'login'] });
  });

  it('leaves out what is not a method, keeps an unknown kind without a type, and drops env that is not all strings', () => {
    const methods = translateAuthMethods(
      [null, 'x', { id: 1, name: 'bad id' }, { type: '_custom', id: 'c', name: 'Custom' }, { type: 'terminal', id: 't', name: 'T', env: { N: 1 } }],
      agent,
    );
    assert.deepEqual(methods, [
      { id: 'c', name: 'Custom', description: null },
      { id: 't', name: 'T', description: null, type: 'terminal', terminalCommand: agent },
    ]);
    assert.deepEqual(translateAuthMethods(undefined, agent), []);
  });
});

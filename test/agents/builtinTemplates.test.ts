import { strict as assert } from 'node:assert';
import { CODEX_SANDBOXED_ARGS, builtinTemplates } from '../../daemon/agents/builtinTemplates.js';

describe('built-in agent templates', () => {
  const templates = builtinTemplates('/opt/switchboard/demo-agent.cjs');
  const byName = (name: string) => {
    const t = templates.find((x) => x.name === name);
    assert.ok(t, name);
    return t;
  };

  it('ships the demo agents and the npm-installed ACP agents, in that order', () => {
    assert.deepEqual(
      templates.map((t) => t.name),
      ['demo', 'demo-docker', 'claude', 'codex', 'gemini', 'copilot', 'qwen', 'opencode'],
    );
    assert.ok(templates.every((t) => t.builtIn));
  });

  it("runs the demo agent with the daemon's own Node, locally or in its image", () => {
    assert.deepEqual(byName('demo').spawn, { command: process.execPath, args: ['/opt/switchboard/demo-agent.cjs'], env: {} });
    assert.deepEqual(byName('demo').runtime, { provider: 'local' });
    assert.deepEqual(byName('demo-docker').spawn, { command: 'node', args: ['/opt/switchboard/demo-agent.cjs'], env: {} });
    assert.deepEqual(byName('demo-docker').runtime, { provider: 'docker', image: 'switchboard/agent:latest', network: 'none' });
    assert.equal('npmPackage' in byName('demo'), false);
  });

  it('names the command line and npm package of each installable agent, and sandbox arguments only for Codex', () => {
    assert.deepEqual(byName('gemini'), {
      name: 'gemini',
      description: 'Google Gemini CLI in ACP mode.',
      spawn: { command: 'gemini', args: ['--acp'], env: {} },
      runtime: { provider: 'local' },
      builtIn: true,
      npmPackage: '@google/gemini-cli',
    });
    assert.deepEqual(byName('codex').spawn, { command: 'codex-acp', args: [], env: {}, sandboxedArgs: CODEX_SANDBOXED_ARGS });
    assert.equal(byName('claude').npmPackage, '@zed-industries/claude-agent-acp');
    assert.deepEqual(byName('opencode').spawn.args, ['acp']);
    const withSandboxArgs = templates.filter((t) => 'sandboxedArgs' in t.spawn).map((t) => t.name);
    assert.deepEqual(withSandboxArgs, ['codex']);
  });

  it('hands out fresh arrays, so a caller that edits one template leaves the next call alone', () => {
    byName('codex').spawn.args.push('--changed');
    const again = builtinTemplates('/x').find((t) => t.name === 'codex');
    assert.deepEqual(again?.spawn.args, []);
  });
});

// The MCP server the extension offers VS Code: the provider id it registers is the one package.json
// declares (VS Code refuses a provider it does not find there), the destructive setting is declared
// off by default, and the command line runs the shipped CLI bundle with `mcp` on the window's state
// dir — the same command line test/mcp/mcpServer.test.ts runs against a real daemon.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MCP_PROVIDER_ID, mcpServerLaunch } from '../../extension/mcp/mcpServerLaunch.js';
import { ROOT } from '../support/daemonHarness.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  contributes: {
    mcpServerDefinitionProviders?: { id: string; label: string }[];
    configuration: { properties: Record<string, { type?: string; default?: unknown; scope?: string }> };
  };
};

describe('the MCP server definition the extension hands VS Code', () => {
  it('registers the provider id package.json declares', () => {
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders?.map((p) => p.id), [MCP_PROVIDER_ID]);
  });

  it('declares switchboard.mcp.allowDestructive off by default, settable only per machine (never by a workspace)', () => {
    const setting = pkg.contributes.configuration.properties['switchboard.mcp.allowDestructive'];
    assert.deepEqual([setting?.type, setting?.default, setting?.scope], ['boolean', false, 'machine']);
  });

  it('runs the shipped CLI bundle with `mcp` on the state dir, with --allow-destructive only when the setting says so', () => {
    const base = { nodePath: '/opt/node/bin/node', cliPath: path.join('/ext', pkg.bin['switchboard']!), stateDir: '/home/me/.switchboard', version: '1.2.3' };
    const off = mcpServerLaunch({ ...base, allowDestructive: false });
    assert.equal(off.command, base.nodePath);
    assert.deepEqual(off.args, [path.join('/ext', 'dist', 'cli.cjs'), '--home', base.stateDir, 'mcp']);
    assert.equal(off.env['ELECTRON_RUN_AS_NODE'], '1');
    const on = mcpServerLaunch({ ...base, allowDestructive: true });
    assert.deepEqual(on.args.slice(-2), ['mcp', '--allow-destructive']);
    // A changed setting must restart the server: VS Code compares versions.
    assert.notEqual(on.version, off.version);
  });
});

// package.json's `contributes` against the code: every command registered is declared (and the
// reverse), every setting read is declared, menus only name declared commands, and the
// context-menu regexes match the context values the tree really produces.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMANDS } from '../../extension/commands/commandIds.js';
import { sessionContextValue } from '../../extension/model/sessionActions.js';
import { SETTING_KEYS } from '../../extension/settingKeys.js';
import { makeSession } from '../cli/fixtures.js';
import { ROOT } from '../support/daemonHarness.js';

interface Menu {
  command: string;
  when?: string;
}
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  extensionKind: string[];
  activationEvents: string[];
  contributes: {
    commands: { command: string; category: string }[];
    menus: Record<string, Menu[]>;
    configuration: { properties: Record<string, unknown> };
    viewsWelcome: { view: string; contents: string }[];
  };
};

describe('extension manifest', () => {
  it('declares exactly the commands the extension registers, all in the Switchboard category', () => {
    assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    assert.ok(pkg.contributes.commands.every((c) => c.category === 'Switchboard'));
  });

  it('declares every setting the extension reads', () => {
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties).sort(), SETTING_KEYS.map((k) => `switchboard.${k}`).sort());
  });

  it('runs in the workspace, from the bundle, activated lazily', () => {
    assert.equal(pkg.main, './dist/extension.cjs');
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(pkg.activationEvents.includes('onView:switchboard.sessions'));
  });

  it('names only declared commands in menus and welcome views', () => {
    const declared = new Set(Object.values(COMMANDS) as string[]);
    for (const [where, items] of Object.entries(pkg.contributes.menus)) {
      for (const m of items) assert.ok(declared.has(m.command), `${where}: ${m.command}`);
    }
    for (const w of pkg.contributes.viewsWelcome) {
      for (const [, id] of w.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.has(id!), id);
    }
  });

  it('offers a session context-menu entry exactly when the action is legal', () => {
    const items = pkg.contributes.menus['view/item/context']!.filter((m) => m.when?.includes('viewItem =~'));
    const regexOf = (when: string) => new RegExp(/viewItem =~ \/(.*)\/$/.exec(when)![1]!.replace(/\\\\/g, '\\'));
    const waiting = sessionContextValue(makeSession({ state: 'waiting_for_user', stateReason: 'permission', worktreePath: '/w' }));
    const stopped = sessionContextValue(makeSession({ state: 'stopped', worktreePath: null }));
    const offered = (value: string) => new Set(items.filter((m) => regexOf(m.when!).test(value)).map((m) => m.command));
    assert.ok(offered(waiting).has(COMMANDS.approve));
    assert.ok(!offered(waiting).has(COMMANDS.resume));
    assert.ok(offered(stopped).has(COMMANDS.resume));
    assert.ok(!offered(stopped).has(COMMANDS.approve));
    assert.ok(!offered(stopped).has(COMMANDS.openWorktreeInNewWindow));
  });
});

// How sessions read in the tree, and which actions their context menus offer.
import assert from 'node:assert/strict';
import { isLegal, sessionContextValue } from '../../extension/model/sessionActions.js';
import { formatAge, sessionDescription, sessionTitle, sessionTooltip, stateIcon, stateLabel } from '../../extension/model/sessionPresentation.js';
import { statusText } from '../../extension/views/statusText.js';
import { makeSession } from '../cli/fixtures.js';

describe('session presentation', () => {
  it('titles a session from its prompt when it has no title, shortened', () => {
    assert.equal(sessionTitle(makeSession({ title: '', prompt: 'Fix the login bug\nand more' })), 'Fix the login bug');
    const long = sessionTitle(makeSession({ title: '', prompt: 'x'.repeat(200) }));
    assert.equal(long.length, 60);
    assert.ok(long.endsWith('…'));
    assert.equal(sessionTitle(makeSession({ title: 'Given', prompt: 'other' })), 'Given');
  });

  it('describes a session as agent · action · state · age', () => {
    const now = Date.parse('2025-01-01T01:00:00.000Z');
    const s = makeSession({ agent: 'demo', action: 'implement', state: 'waiting_for_user', stateReason: 'permission', updatedAt: '2025-01-01T00:57:00.000Z' });
    assert.equal(sessionDescription(s, now), 'demo · implement · needs approval · 3m');
  });

  it('formats ages compactly', () => {
    assert.deepEqual([formatAge(5_000), formatAge(180_000), formatAge(3 * 3600_000), formatAge(72 * 3600_000)], ['5s', '3m', '3h', '3d']);
  });

  it('labels and colours every state, login distinct from permission', () => {
    assert.equal(stateLabel(makeSession({ state: 'waiting_for_user', stateReason: 'auth_required' })), 'needs login');
    assert.equal(stateIcon(makeSession({ state: 'waiting_for_user', stateReason: 'auth_required' })).id, 'key');
    assert.equal(stateIcon(makeSession({ state: 'completed' })).color, 'testing.iconPassed');
    assert.equal(stateIcon(makeSession({ state: 'failed' })).color, 'testing.iconFailed');
    assert.equal(stateIcon(makeSession({ state: 'running' })).id, 'sync~spin');
  });

  it('says "unsandboxed" in the description and the tooltip when nothing confines the agent', () => {
    const now = Date.parse('2025-01-01T01:00:00.000Z');
    const bare = makeSession({ agent: 'claude', action: 'implement', state: 'running', updatedAt: '2025-01-01T00:59:00.000Z', isolation: { kind: 'none', detail: 'UNSANDBOXED: the agent can read and write anything this user can (bwrap is not installed)' } });
    assert.equal(sessionDescription(bare, now), 'claude · implement · running · 1m · ⚠ unsandboxed');
    assert.match(sessionTooltip(bare, 'proj', now), /\| Isolation \| ⚠ \*\*UNSANDBOXED\*\* — the agent can read/);
    const boxed = makeSession({ isolation: { kind: 'bwrap', detail: 'bubblewrap sandbox: …' } });
    assert.doesNotMatch(sessionDescription(boxed, now), /unsandboxed/);
    assert.match(sessionTooltip(boxed, 'proj', now), /\| Isolation \| bubblewrap sandbox \|/);
  });

  it('escapes Markdown from prompts in the tooltip', () => {
    const tip = sessionTooltip(makeSession({ prompt: 'run [this](command:evil) *now*' }), 'proj', Date.now());
    assert.ok(!tip.includes('[this](command:evil)'));
    assert.ok(tip.includes('\\[this\\]'));
  });
});

describe('legal actions per state', () => {
  it('offers approve only while waiting for a permission, login only for auth_required', () => {
    const perm = makeSession({ state: 'waiting_for_user', stateReason: 'permission' });
    const auth = makeSession({ state: 'waiting_for_user', stateReason: 'auth_required' });
    assert.ok(isLegal(perm, 'answer'));
    assert.ok(!isLegal(perm, 'login'));
    assert.ok(isLegal(auth, 'login'));
    assert.ok(isLegal(auth, 'resume'));
    assert.ok(!isLegal(auth, 'answer'));
  });

  it('archives only resting sessions and resumes only stopped or failed ones', () => {
    assert.ok(!isLegal(makeSession({ state: 'running' }), 'archive'));
    assert.ok(isLegal(makeSession({ state: 'completed' }), 'archive'));
    assert.ok(isLegal(makeSession({ state: 'stopped' }), 'resume'));
    assert.ok(!isLegal(makeSession({ state: 'completed' }), 'resume'));
    assert.ok(!isLegal(makeSession({ state: 'archived' }), 'followup'));
  });

  it('encodes the legal actions in the context value that menus match', () => {
    const v = sessionContextValue(makeSession({ state: 'running', worktreePath: '/w' }));
    assert.match(v, /^session\.running:/);
    assert.match(v, /:cancel(:|$)/);
    assert.match(v, /:worktree(:|$)/);
    assert.doesNotMatch(v, /:resume(:|$)/);
    assert.doesNotMatch(sessionContextValue(makeSession({ state: 'running', worktreePath: null })), /:worktree/);
  });
});

describe('status bar text', () => {
  it('says when the daemon is down, and counts running and waiting sessions', () => {
    assert.equal(statusText('down', 0, 0, 'boom').severity, 'error');
    assert.match(statusText('down', 0, 0, 'boom').tooltip, /boom/);
    const t = statusText('up', 2, 1, null);
    assert.equal(t.text, '$(bell-dot) 2 running · 1 waiting for you');
    assert.equal(t.severity, 'warning');
    assert.equal(statusText('up', 3, 0, null).text, '$(pulse) 3 running');
  });
});

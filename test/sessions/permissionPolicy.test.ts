// How a session's policy answers permission requests: every policy × read-only × inside/outside
// the worktree, which reject option is picked, and the requests no path can vouch for.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PermissionOption, PermissionPolicy } from '../../daemon/protocol/entities.js';
import { policyChoice, type PolicyDecision, type PolicyFacts } from '../../daemon/sessions/permissionPolicy.js';

const ALLOW_ONCE: PermissionOption = { optionId: 'allow_once', name: 'Allow once', kind: 'allow_once' };
const ALLOW_ALWAYS: PermissionOption = { optionId: 'allow_always', name: 'Always allow', kind: 'allow_always' };
const REJECT_ONCE: PermissionOption = { optionId: 'reject_once', name: 'Reject', kind: 'reject_once' };
const REJECT_ALWAYS: PermissionOption = { optionId: 'reject_always', name: 'Never', kind: 'reject_always' };
const OPTIONS = [ALLOW_ALWAYS, ALLOW_ONCE, REJECT_ONCE];

/** A decision without its option object, for compact comparisons. */
function brief(d: PolicyDecision | null): string | null {
  if (!d) return null;
  return d.kind === 'cancel' ? `cancel (${d.rule})` : `${d.kind} ${d.option.optionId} (${d.rule})`;
}

describe('permission policy', function () {
  let base: string;
  let wt: string;
  const facts = (policy: PermissionPolicy, readOnly = false): PolicyFacts => ({ policy, readOnly, root: wt, cwd: wt });
  beforeEach(function () {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-policy-')));
    wt = path.join(base, 'wt');
    fs.mkdirSync(wt);
  });
  afterEach(function () {
    fs.rmSync(base, { recursive: true, force: true });
  });
  const edit = (p: string) => ({ toolCallId: 't', title: `Edit ${p}`, kind: 'edit', locations: [{ path: p }] });

  it('answers edits by policy × read-only × inside/outside the worktree', function () {
    const inside = path.join(wt, 'a.ts');
    const outside = path.join(base, 'elsewhere', 'a.ts');
    const out = `reject reject_once (outside-worktree: ${outside})`;
    const ro = 'reject reject_once (read-only-session)';
    const table: Array<[PermissionPolicy, boolean, string, string | null]> = [
      ['ask', false, inside, null],
      ['ask', false, outside, out],
      ['allow-reads', false, inside, null],
      ['allow-reads', false, outside, out],
      ['allow-all', false, inside, 'allow allow_once (allow-all)'],
      ['allow-all', false, outside, out],
      ['ask', true, inside, ro],
      ['ask', true, outside, ro],
      ['allow-reads', true, inside, ro],
      ['allow-reads', true, outside, ro],
      ['allow-all', true, inside, ro],
      ['allow-all', true, outside, ro],
    ];
    for (const [policy, readOnly, target, expected] of table) {
      assert.equal(brief(policyChoice(facts(policy, readOnly), edit(target), OPTIONS)), expected, `${policy} readOnly=${readOnly} ${target}`);
    }
  });

  it('treats delete, move and kind-less calls with a diff as edits', function () {
    const outside = path.join(base, 'x');
    for (const toolCall of [
      { toolCallId: 't', kind: 'delete', locations: [{ path: outside }] },
      { toolCallId: 't', kind: 'move', rawInput: { source: path.join(wt, 'a'), destination: outside } },
      { toolCallId: 't', content: [{ type: 'diff', path: outside, oldText: null, newText: 'x' }], rawInput: { file_path: outside } },
    ]) {
      assert.equal(brief(policyChoice(facts('allow-all'), toolCall, OPTIONS)), `reject reject_once (outside-worktree: ${outside})`, JSON.stringify(toolCall));
    }
  });

  it('refuses when any one of several paths is outside, e.g. a patch moving a file out', function () {
    const patch = ['*** Begin Patch', '*** Update File: src/a.ts', '*** Move to: ../stolen.ts', '*** End Patch'].join('\n');
    const decision = policyChoice(facts('allow-all'), { toolCallId: 't', kind: 'edit', rawInput: { patch } }, OPTIONS);
    assert.equal(brief(decision), `reject reject_once (outside-worktree: ${path.join(base, 'stolen.ts')})`);
  });

  it('refuses an edit through a symlink planted in the worktree', function () {
    fs.mkdirSync(path.join(base, 'secret'));
    fs.symlinkSync(path.join(base, 'secret'), path.join(wt, 'innocent'));
    const decision = policyChoice(facts('allow-all'), edit('innocent/key.pem'), OPTIONS);
    assert.equal(decision?.kind, 'reject');
    assert.match(decision?.rule ?? '', /^outside-worktree: .*innocent\/key\.pem \(resolves to .*secret\/key\.pem\)$/);
  });

  it('picks reject_once, else reject_always, else answers cancelled', function () {
    const outside = edit('/definitely/outside');
    assert.equal(policyChoice(facts('allow-all'), outside, [ALLOW_ONCE, REJECT_ALWAYS, REJECT_ONCE])?.kind, 'reject');
    assert.equal((policyChoice(facts('allow-all'), outside, [ALLOW_ONCE, REJECT_ALWAYS, REJECT_ONCE]) as { option: PermissionOption }).option, REJECT_ONCE);
    assert.equal(brief(policyChoice(facts('allow-all'), outside, [ALLOW_ONCE, REJECT_ALWAYS])), 'reject reject_always (outside-worktree: /definitely/outside)');
    assert.equal(brief(policyChoice(facts('allow-all'), outside, [ALLOW_ONCE, ALLOW_ALWAYS])), 'cancel (outside-worktree: /definitely/outside)');
    assert.equal(brief(policyChoice(facts('ask', true), edit(path.join(wt, 'a')), [])), 'cancel (read-only-session)');
  });

  it('resolves relative paths against the cwd', function () {
    fs.mkdirSync(path.join(wt, 'pkg'));
    const where: PolicyFacts = { policy: 'allow-all', readOnly: false, root: wt, cwd: path.join(wt, 'pkg') };
    assert.equal(brief(policyChoice(where, edit('../a.ts'), OPTIONS)), 'allow allow_once (allow-all)');
    assert.equal(brief(policyChoice(where, edit('../../a.ts'), OPTIONS)), `reject reject_once (outside-worktree: ${path.join(base, 'a.ts')})`);
  });

  it('leaves an edit that names no path to a person, even under allow-all', function () {
    assert.equal(policyChoice(facts('allow-all'), { toolCallId: 't', kind: 'edit', title: 'Edit something' }, OPTIONS), null);
  });

  it('refuses leaving the agent read-only mode in a read-only session only', function () {
    // claude-agent-acp asks ExitPlanMode as kind switch_mode with these options.
    const exitPlan = { toolCallId: 't', title: 'Ready to code?', kind: 'switch_mode' };
    const options: PermissionOption[] = [
      { optionId: 'acceptEdits', name: 'Yes, and auto-accept edits', kind: 'allow_always' },
      { optionId: 'default', name: 'Yes, and manually approve edits', kind: 'allow_once' },
      { optionId: 'plan', name: 'No, keep planning', kind: 'reject_once' },
    ];
    assert.equal(brief(policyChoice(facts('allow-all', true), exitPlan, options)), 'reject plan (read-only-session)');
    assert.equal(brief(policyChoice(facts('allow-all', false), exitPlan, options)), 'allow default (allow-all)');
  });

  it('answers requests that change nothing by the policy alone, read-only or not', function () {
    const read = { toolCallId: 't', kind: 'read', locations: [{ path: '/anywhere/README.md' }] };
    const run = { toolCallId: 't', kind: 'execute', rawInput: { command: 'npm test' } };
    for (const readOnly of [false, true]) {
      assert.equal(brief(policyChoice(facts('ask', readOnly), read, OPTIONS)), null);
      assert.equal(brief(policyChoice(facts('allow-reads', readOnly), read, OPTIONS)), 'allow allow_once (allow-reads: read)');
      assert.equal(brief(policyChoice(facts('allow-all', readOnly), read, OPTIONS)), 'allow allow_once (allow-all)');
      assert.equal(brief(policyChoice(facts('allow-reads', readOnly), run, OPTIONS)), null);
      assert.equal(brief(policyChoice(facts('allow-all', readOnly), run, OPTIONS)), 'allow allow_once (allow-all)');
    }
    assert.equal(brief(policyChoice(facts('allow-reads'), { toolCallId: 't', kind: 'read', content: [{ type: 'diff', path: path.join(wt, 'a'), newText: '' }] }, OPTIONS)), null, 'a diff makes it an edit');
  });

  it('allows nothing when the agent offers no allow option', function () {
    assert.equal(policyChoice(facts('allow-all'), edit(path.join(wt, 'a.ts')), [REJECT_ONCE]), null);
    assert.equal(policyChoice(facts('allow-all'), { toolCallId: 't', kind: 'read' }, [REJECT_ONCE]), null);
  });
});

// A demo-agent implement session from start to delete, through the API, on a real repository.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import { DaemonProcess, git, makeRepo } from '../support/daemonHarness.js';

describe('session lifecycle', function () {
  let daemon: DaemonProcess;
  let repo: string;

  before(async function () {
    repo = makeRepo();
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: repo } });
  });
  after(async function () {
    await daemon?.stop();
  });

  it('runs an implement session in its own worktree: permission, approval, file, completion, follow-up, stop, resume, delete', async function () {
    const api = daemon.client.api;
    const { session } = await api.createSession({ body: { project: path.basename(repo).toLowerCase(), agent: 'demo', action: 'implement', prompt: 'demo' } });
    assert.ok(session.worktreePath && session.branch);
    assert.match(session.branch, /^switchboard\/demo\/.+\/[0-9a-f]{8}$/);

    await daemon.waitForState(session.id, ['waiting_for_user']);
    const { permissions } = await api.listPermissions({ params: { id: session.id }, query: { state: 'pending' } });
    assert.equal(permissions.length, 1);
    const allow = permissions[0]!.options.find((o) => o.kind === 'allow_once')!;
    await api.answerPermission({ params: { id: session.id, requestId: permissions[0]!.id }, body: { optionId: allow.optionId } });
    await daemon.waitForState(session.id, ['completed']);

    // The agent's file is in the worktree, on the session branch, and not in the user's checkout.
    const written = (await api.listEvents({ query: { session: session.id, type: 'file.written' } })).events;
    assert.equal(written.length, 1);
    const rel = (written[0]!.payload as { path: string }).path;
    assert.ok(fs.existsSync(path.join(session.worktreePath, rel)), 'file in worktree');
    assert.ok(!fs.existsSync(path.join(repo, rel)), 'file not in the project checkout');
    assert.equal(git(session.worktreePath, 'rev-parse', '--abbrev-ref', 'HEAD'), session.branch);

    const types = new Set((await api.listEvents({ query: { session: session.id, limit: 10_000 } })).events.map((e) => e.type));
    for (const t of ['session.created', 'worktree.created', 'turn.started', 'plan', 'agent.message_chunk', 'tool_call', 'permission.requested', 'permission.answered', 'file.written', 'terminal.started', 'terminal.exited', 'turn.ended', 'artifact.created']) {
      assert.ok(types.has(t as StreamEvent['type']), `event ${t} recorded`);
    }
    const artifacts = (await api.listArtifacts({ query: { session: session.id } })).artifacts;
    assert.deepEqual(new Set(artifacts.map((a) => a.kind)), new Set(['transcript', 'plan', 'diff']));
    const diff = artifacts.find((a) => a.kind === 'diff')!;
    assert.match(fs.readFileSync(diff.path, 'utf8'), new RegExp(rel.replace(/[.]/g, '\\.')));

    // A follow-up runs a second turn on the same agent session.
    await api.followup({ params: { id: session.id }, body: { text: 'write notes.txt second turn' } });
    await waitForTwoTurns(daemon, session.id);

    // Stop ends the agent; resume brings the same ACP session back through session/load.
    const stopped = (await api.stopSession({ params: { id: session.id } })).session;
    assert.equal(stopped.state, 'stopped');
    await api.resumeSession({ params: { id: session.id } });
    await daemon.waitForState(session.id, ['completed']);
    const logs = (await api.listEvents({ query: { session: session.id, type: 'log' } })).events;
    assert.ok(logs.some((e) => /session\/load/.test((e.payload as { message: string }).message)), 'restored through session/load');
    const detail = await api.getSession({ params: { id: session.id } });
    assert.equal(detail.session.acpSessionId, session.acpSessionId ?? detail.session.acpSessionId);

    // Cleanup preview names exactly what delete removes; delete removes it.
    const preview = await api.cleanupPreview({ params: { id: session.id } });
    assert.equal(preview.worktreePath, session.worktreePath);
    assert.ok(preview.worktreeExists && preview.branchExists);
    assert.ok(preview.eventCount > 10);
    await api.deleteSession({ params: { id: session.id }, query: { deleteBranch: 'true' } });
    assert.ok(!fs.existsSync(session.worktreePath));
    assert.equal(git(repo, 'branch', '--list', session.branch), '');
    await assert.rejects(api.getSession({ params: { id: session.id } }), (e: { code?: string }) => e.code === 'not_found');
  });

  it('refuses illegal transitions with 409 and the current state', async function () {
    const api = daemon.client.api;
    const { session } = await api.createSession({ body: { project: path.basename(repo).toLowerCase(), agent: 'demo', action: 'implement', prompt: 'write a.txt hello', permissionPolicy: 'allow-all' } });
    await daemon.waitForState(session.id, ['completed']);
    await assert.rejects(api.resumeSession({ params: { id: session.id } }), (e: { code?: string; status?: number; details?: { state?: string } }) => {
      return e.code === 'illegal_transition' && e.details?.state === 'completed';
    });
    await api.archiveSession({ params: { id: session.id } });
    await assert.rejects(api.followup({ params: { id: session.id }, body: { text: 'more' } }), (e: { code?: string }) => e.code === 'illegal_transition');
  });
});

async function waitForTwoTurns(daemon: DaemonProcess, id: string): Promise<void> {
  await daemon.waitForEvents({ session: id }, (evs) => evs.filter((e) => e.type === 'turn.ended').length >= 2);
  await daemon.waitForState(id, ['completed']);
}

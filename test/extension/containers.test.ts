// The Containers section and the desktop panel, host-independent parts: the pods model fed by
// listings and events, how a pod reads (and which menu entries it offers), the image-build
// progress, the desktop URL mapping and the panel document's CSP.
import assert from 'node:assert/strict';
import type { Pod } from '../../daemon/protocol/containerEntities.js';
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { podContextValue, podDescription, podIcon, podLabel, runtimeLabel } from '../../extension/containers/containerPresentation.js';
import { ContainersModel } from '../../extension/containers/containersModel.js';
import { buildStep } from '../../extension/containers/imageBuildMessages.js';
import { desktopErrorHtml, desktopHtml } from '../../extension/desktop/desktopHtml.js';
import { daemonRootOf, externalPageUrl, frameOriginOf } from '../../extension/desktop/desktopUrls.js';

function loose(type: string, payload: unknown, sessionId: string | null = null): LooseEvent {
  return { seq: 1, type, sessionId, projectId: null, time: '2025-01-01T00:00:00Z', payload };
}

function pod(over: Partial<Pod> = {}): Pod {
  return {
    id: 'c0ffee0000000000000000000000000000000000000000000000000000000001',
    name: 'switchboard-abc-computer-alice',
    kind: 'computer',
    user: 'alice',
    projectId: null,
    sessionId: null,
    image: 'switchboard/computer',
    state: 'running',
    status: 'Up 2 minutes',
    network: 'none',
    createdAt: '2025-01-01T00:00:00.000Z',
    ready: true,
    ...over,
  };
}
const agent = (id: string, createdAt: string, over: Partial<Pod> = {}) =>
  pod({ id, name: `switchboard-abc-agent-${id}`, kind: 'agent', sessionId: `sess-${id}`, image: 'switchboard/agent', ready: null, createdAt, ...over });

describe('containers model', () => {
  it('lists computers first, then agents newest first', () => {
    const m = new ContainersModel();
    assert.equal(m.loaded, false);
    m.setPods([agent('a1', '2025-01-01T00:00:00Z'), pod({ id: 'zz', user: 'zoe' }), agent('a2', '2025-01-02T00:00:00Z'), pod()]);
    assert.equal(m.loaded, true);
    assert.deepEqual(m.pods().map((p) => p.user + ':' + p.kind + ':' + (p.sessionId ?? '')), ['alice:computer:', 'zoe:computer:', 'alice:agent:sess-a2', 'alice:agent:sess-a1']);
    assert.equal(m.computerOf('zoe')?.id, 'zz');
  });

  it('applies removals and readiness itself, and asks for a listing after the rest', () => {
    const m = new ContainersModel();
    let changes = 0;
    m.onDidChange(() => changes++);
    m.setPods([pod({ ready: false }), agent('a1', '2025-01-01T00:00:00Z')]);
    assert.equal(changes, 1);
    // Events may name a container by a prefix of its id.
    assert.equal(m.applyEvent(loose('computer.ready', { user: 'alice', containerId: 'c0ffee000000', readyMs: 900 })), false);
    assert.equal(m.computerOf('alice')?.ready, true);
    assert.equal(m.applyEvent(loose('container.removed', { containerId: 'a1', kind: 'agent', reason: 'agent_ended' })), false);
    assert.deepEqual(m.pods().map((p) => p.kind), ['computer']);
    assert.equal(changes, 3);
    // Partial payloads: only a listing tells the truth.
    assert.equal(m.applyEvent(loose('container.created', { containerId: 'new' })), true);
    assert.equal(m.applyEvent(loose('containers.reconciled', { adopted: [], removed: [], endedAgents: 0 })), true);
    assert.equal(m.applyEvent(loose('computer.ready', { user: 'bob', containerId: 'unknown', readyMs: 1 })), true);
    // Unknown removals and unrelated events change nothing.
    assert.equal(m.applyEvent(loose('container.removed', { containerId: 'nope', kind: 'agent', reason: 'orphan' })), false);
    assert.equal(m.applyEvent(loose('session.created', {})), false);
    assert.equal(changes, 3);
    // No event says a container started; its session moving on does (and only for sessions with one).
    m.setPods([agent('a2', '2025-01-01T00:00:00Z', { state: 'created' })]);
    assert.equal(m.settling, true);
    assert.equal(m.applyEvent(loose('session.state_changed', {}, 'sess-a2')), true);
    assert.equal(m.applyEvent(loose('session.state_changed', {}, 'sess-other')), false);
    m.setPods([agent('a2', '2025-01-01T00:00:00Z')]);
    assert.equal(m.settling, false);
  });

  it('shows the reason instead of stale pods when a listing fails', () => {
    const m = new ContainersModel();
    m.setPods([pod()]);
    m.setError('no Docker engine answers at unix:///var/run/docker.sock');
    assert.deepEqual(m.pods(), []);
    assert.match(m.error ?? '', /docker\.sock/);
    m.setPods([]);
    assert.equal(m.error, null);
  });
});

describe('container presentation', () => {
  it('names pods, their state, readiness and network', () => {
    assert.equal(podLabel(pod()), 'Computer · alice');
    assert.equal(podLabel(agent('a1', 'x'), (id) => (id === 'sess-a1' ? 'Fix the build' : undefined)), 'Agent · Fix the build');
    assert.equal(podLabel(agent('a1', 'x')), 'Agent · sess-a1');
    assert.equal(podDescription(pod()), 'running · desktop ready · no network');
    assert.equal(podDescription(pod({ ready: false })), 'running · desktop starting · no network');
    assert.equal(podDescription(agent('a1', 'x', { state: 'exited', network: 'sb-net' })), 'exited · network sb-net');
    assert.deepEqual(podIcon(pod({ ready: false })), { id: 'vm', color: 'charts.yellow' });
    assert.deepEqual(podIcon(agent('a1', 'x', { state: 'exited' })), { id: 'package', color: 'disabledForeground' });
  });

  it('offers Open Desktop only on a running computer, Remove only on computers, Stop where an agent may run', () => {
    assert.equal(podContextValue(pod()), 'container.computer:desktop:stop:remove');
    assert.equal(podContextValue(pod({ state: 'exited' })), 'container.computer:remove');
    assert.equal(podContextValue(agent('a1', 'x')), 'container.agent:stop');
    assert.equal(podContextValue(agent('a1', 'x', { sessionId: null })), 'container.agent');
  });

  it("says where a template's agent runs", () => {
    assert.equal(runtimeLabel({ provider: 'local' }), 'local process');
    assert.equal(runtimeLabel(undefined), 'local process');
    assert.equal(runtimeLabel({ provider: 'docker', image: 'switchboard/agent', network: 'none' }), 'docker · switchboard/agent');
    assert.equal(runtimeLabel({ provider: 'docker', image: 'x', network: 'bridge', cpus: 2, memoryMb: 512 }), 'docker · x · network bridge · 2 CPU · 512 MB');
  });
});

describe('image build progress', () => {
  const ev = (type: string, payload: Record<string, unknown>) => loose(type, { buildId: 'b1', ...payload });
  it("follows one build's events: last line, an equal share per image, failures, the end", () => {
    assert.equal(buildStep(ev('image.build_progress', { buildId: 'other', image: 'agent', stage: 'image', lines: ['x'] }), 'b1', 2), null);
    assert.equal(buildStep(loose('session.created', {}), 'b1', 2), null);
    assert.equal(buildStep(ev('image.build_progress', { image: 'agent', stage: 'base', lines: ['one', 'Step 2/5 : RUN apt', ' '] }), 'b1', 2)?.message, 'agent (base): Step 2/5 : RUN apt');
    const built = buildStep(ev('image.built', { image: 'agent', tag: 'switchboard/agent', imageId: 'sha256:1', baseBuilt: false, seconds: 2.4 }), 'b1', 2)!;
    assert.equal(built.message, 'switchboard/agent built in 2 s');
    assert.equal(built.increment, 50);
    const failed = buildStep(ev('image.build_failed', { image: 'computer', message: 'no mmdebstrap' }), 'b1', 2)!;
    assert.equal(failed.failure, 'computer: no mmdebstrap');
    assert.deepEqual(buildStep(ev('image.build_finished', { ok: false, seconds: 9 }), 'b1', 2)!.finished, { ok: false, seconds: 9 });
  });
});

describe('desktop panel document', () => {
  it('re-roots the page under the external URI of the daemon root, keeping the ticket', () => {
    const page = 'http://127.0.0.1:4711/desktop/view?ticket=AbC-_x&viewOnly=1';
    assert.equal(daemonRootOf(page), 'http://127.0.0.1:4711/');
    // Local VS Code: the root maps to itself.
    assert.equal(externalPageUrl(page, 'http://127.0.0.1:4711/'), page);
    // code-server: a path prefix on its own origin; the page's relative paths stay under it.
    const proxied = externalPageUrl(page, 'https://ide.example.test/proxy/4711');
    assert.equal(proxied, 'https://ide.example.test/proxy/4711/desktop/view?ticket=AbC-_x&viewOnly=1');
    assert.equal(frameOriginOf(proxied), 'https://ide.example.test');
  });

  it('allows frames from exactly the desktop origin and only its nonce-carrying script', () => {
    const webview = { cspSource: 'vscode-webview://x', asWebviewUri: (file: string) => `vscode-webview://x/${file}` };
    const resources = { script: 'dist/webview/desktop.js', style: 'dist/webview/desktop.css' };
    const html = desktopHtml(webview, resources, { frameOrigin: 'http://127.0.0.1:4711', user: 'me', viewOnly: true, title: 'Desktop · <me>' }, 'N0NCE');
    const csp = /content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-src http:\/\/127\.0\.0\.1:4711;/);
    assert.match(csp, /script-src 'nonce-N0NCE'/);
    assert.doesNotMatch(csp, /unsafe/);
    assert.equal([...html.matchAll(/<script/g)].length, 1);
    assert.match(html, /<script nonce="N0NCE" src="vscode-webview:\/\/x\/dist\/webview\/desktop\.js">/);
    // The relay reads these; it trusts the page's messages only from that origin (desktopRelay.test.ts).
    assert.match(html, /<body data-origin="http:\/\/127\.0\.0\.1:4711" data-user="me" data-view-only="true">/);
    assert.match(html, /<title>Desktop · &lt;me&gt;<\/title>/);
    for (const id of ['state', 'viewOnly', 'paste', 'reconnect', 'desktop']) assert.match(html, new RegExp(`id="${id}"`));
    const down = desktopErrorHtml(webview, resources, '<b>down</b>');
    assert.doesNotMatch(down, /<b>/);
    assert.doesNotMatch(down, /<script/);
  });
});

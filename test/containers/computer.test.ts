// The computer agent: one desktop container per user (ensure is idempotent), its desktop seen
// through the daemon's own noVNC page in headless Chromium, computer chat running the agent inside
// that container (which outlives the agent), and the port proxy into it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import WebSocket from 'ws';
import { DaemonProcess, makeRepo, ROOT, tempDir, until } from '../support/daemonHarness.js';
import { assertNoneLeft, buildImages, containersOf, docker, requireDocker, testHomes } from './dockerSupport.js';

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'containers');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const PROXIED_PORT = 8123;

/** A server for the proxy to reach: HTTP echo of the path, and a minimal WebSocket echo (one small text frame). */
const SERVER = `
const http = require('http'), crypto = require('crypto');
const s = http.createServer((q, r) => r.end('hello ' + q.url + ' auth=' + (q.headers.authorization ? 'leaked' : 'none')));
s.on('upgrade', (q, sock) => {
  const accept = crypto.createHash('sha1').update(q.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  sock.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: ' + accept + '\\r\\n\\r\\n');
  sock.once('data', (b) => {
    const len = b[1] & 127, mask = b.subarray(2, 6), data = Buffer.from(b.subarray(6, 6 + len)).map((x, i) => x ^ mask[i % 4]);
    const out = Buffer.from('echo:' + data.toString());
    sock.write(Buffer.concat([Buffer.from([0x81, out.length]), out]));
  });
});
s.listen(${PROXIED_PORT}, '127.0.0.1');
`;

function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((x): x is string => !!x)) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error('no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)');
}

describe('computer agent: one desktop container per user', function () {
  this.timeout(15 * 60_000);
  let home = '';
  let daemon: DaemonProcess | null = null;
  let browser: Browser | null = null;
  const api = () => (daemon as DaemonProcess).client.api;
  const base = () => `http://127.0.0.1:${(daemon as DaemonProcess).discovery.port}`;
  const auth = () => ({ authorization: `Bearer ${(daemon as DaemonProcess).discovery.token}` });

  before(async function () {
    await requireDocker(this);
    home = tempDir('chome');
    testHomes.add(home);
    daemon = await DaemonProcess.start({ home });
    await buildImages(daemon);
    await api().addProject({ body: { path: makeRepo(), slug: 'desk' } });
  });

  after(async function () {
    if (!home) return;
    await browser?.close();
    if (daemon) await api().computerPodRemove({ body: {} }).catch(() => undefined);
    await daemon?.stop();
    await assertNoneLeft(home);
  });

  it('ensure three times, and three at once, gives one ready container with no network', async function () {
    const first = await api().computerPodEnsure({ body: { project: 'desk' } });
    assert.equal(first.pod.ready, true, 'ensure answers once the desktop answers the VNC handshake');
    for (let i = 0; i < 2; i++) {
      const again = await api().computerPodEnsure({ body: {} });
      assert.equal(again.created, false);
      assert.equal(again.pod.id, first.pod.id);
    }
    const together = await Promise.all([0, 1, 2].map(() => api().computerPodEnsure({ body: {} })));
    assert.deepEqual(new Set(together.map((r) => r.pod.id)), new Set([first.pod.id]));

    const computers = (await containersOf(home)).filter((c) => c.Labels['switchboard.kind'] === 'computer');
    assert.equal(computers.length, 1, 'one computer container on the engine');
    const count = await api().computerPodCount();
    assert.equal(count.byKind.computer, 1);
    const page = await api().computerPodList({ query: { kind: 'computer', limit: 1 } });
    assert.equal(page.pods[0]?.id, first.pod.id);
    assert.equal(page.nextCursor, null);
    const info = await docker.getContainer(first.pod.id).inspect();
    assert.equal(info.HostConfig.NetworkMode, 'none');
    assert.ok(info.Config.Labels['switchboard.user']);
  });

  it('shows a non-black desktop through the daemon noVNC page in headless Chromium', async function () {
    const desk = await api().computerDesktop({ params: { user: 'me', project: 'desk' } });
    assert.ok(desk.pageUrl.startsWith(`${base()}/desktop/view?ticket=`));

    const noTicket = await fetch(`${base()}/desktop/view`);
    assert.equal(noTicket.status, 401, 'the page needs a ticket');
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${base().replace('http', 'ws')}/desktop/websockify?ticket=forged`, ['binary']);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('error'));
    });
    assert.equal(refused, '401', 'the VNC socket refuses a forged ticket');

    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(desk.pageUrl);
    await page.waitForFunction(() => document.body.dataset.state === 'connected', null, { timeout: 30_000 });
    // Readiness, not a sleep: poll the canvas until most of it is painted with something not black.
    const lit = await until('the desktop to be painted', async () => {
      const share = await page.evaluate(() => {
        const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement | null;
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx || canvas.width === 0) return 0;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let bright = 0;
        for (let i = 0; i < data.length; i += 4 * 16) if ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0) > 60) bright++;
        return bright / (data.length / (4 * 16));
      });
      return share > 0.5 ? share : null;
    }, 30_000);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'desktop.png');
    await page.screenshot({ path: shot });
    assert.ok(lit > 0.5, `most of the desktop is lit (${lit})`);
    assert.ok(fs.statSync(shot).size > 10_000, 'the screenshot was saved');
  });

  it('computer chat runs the agent inside the user container, which stays when the agent stops', async function () {
    const first = await api().computerChat({ body: { project: 'desk', prompt: 'write from-computer.txt made in the computer', permissionPolicy: 'allow-all' } });
    assert.equal(first.created, true);
    await (daemon as DaemonProcess).waitForState(first.session.id, ['completed'], 60_000);
    assert.equal(fs.readFileSync(path.join(first.session.worktreePath as string, 'from-computer.txt'), 'utf8'), 'made in the computer');
    const { events } = await api().listEvents({ query: { session: first.session.id, type: 'computer.session_bound,container.created', limit: 100 } });
    assert.deepEqual(events.map((e) => e.type), ['computer.session_bound'], 'no container of its own: it ran in the computer');

    const status = await api().computerAgentStatus({ body: { project: 'desk' } });
    assert.equal(status.pod?.id, first.pod.id);
    assert.deepEqual(status.agents.map((a) => [a.session.id, a.agentRunning]), [[first.session.id, true]]);

    const second = await api().computerChat({ body: { project: 'desk', prompt: 'run printenv DISPLAY' } });
    assert.equal(second.created, false, 'chat continues the session of this user and project');
    assert.equal(second.session.id, first.session.id);
    await until('the second turn to end', async () => (await api().getSession({ params: { id: first.session.id } })).turns.every((t) => t.state === 'done'), 60_000);

    const stopped = await api().computerAgentStop({ body: { project: 'desk' } });
    assert.deepEqual(stopped.stopped.map((s) => [s.id, s.state]), [[first.session.id, 'stopped']]);
    const after = await api().computerAgentStatus({ body: {} });
    assert.equal(after.agents[0]?.agentRunning, false, 'the agent is gone');
    assert.equal(after.pod?.state, 'running', 'the container and its desktop stay');
    assert.equal(after.pod?.id, first.pod.id);
  });

  it('the port proxy reaches a server inside the container over HTTP and WebSocket, with the token or a ticket', async function () {
    const { pod } = await api().computerPodEnsure({ body: {} });
    const exec = await docker.getContainer(pod.id).exec({ Cmd: ['node', '-e', SERVER] });
    await exec.start({ Detach: true });

    const url = `${base()}/proxy/${PROXIED_PORT}/hello?x=1`;
    const body = await until('the proxied server to answer', async () => {
      const r = await fetch(url, { headers: auth() }).catch(() => null);
      return r?.status === 200 ? r.text() : null;
    }, 30_000);
    assert.equal(body, 'hello /hello?x=1 auth=none', 'the path and query arrive; the daemon token does not');
    assert.equal((await fetch(url)).status, 401, 'no token, no ticket: refused');

    const { ticket } = await api().computerDesktop({ params: { user: 'me', project: '-' } });
    const hop = await fetch(`${base()}/proxy/${PROXIED_PORT}/page?ticket=${ticket}`, { redirect: 'manual' });
    assert.equal(hop.status, 302, 'a ticket is traded for a cookie');
    assert.equal(hop.headers.get('location'), `/proxy/${PROXIED_PORT}/page`);
    const cookie = (hop.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.match(cookie, /^switchboard_proxy=/);
    const viaCookie = await fetch(`${base()}/proxy/${PROXIED_PORT}/page`, { headers: { cookie } });
    assert.equal(await viaCookie.text(), 'hello /page auth=none');

    const echoed = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`${base().replace('http', 'ws')}/proxy/${PROXIED_PORT}/ws?ticket=${ticket}`);
      ws.on('open', () => ws.send('ping'));
      ws.on('message', (d: Buffer) => {
        resolve(d.toString());
        ws.terminate();
      });
      ws.on('error', reject);
    });
    assert.equal(echoed, 'echo:ping');
  });

  it('keeps the computer container across a daemon restart and reconciles it', async function () {
    const before = (await api().computerPodEnsure({ body: {} })).pod.id;
    await (daemon as DaemonProcess).stop();
    daemon = await DaemonProcess.start({ home });
    const { events } = await api().listEvents({ query: { type: 'containers.reconciled', limit: 10 } });
    const report = events.at(-1)?.payload as { adopted: Array<{ containerId: string; kind: string }> };
    assert.deepEqual(report.adopted.map((a) => [a.containerId, a.kind]), [[before, 'computer']]);
    const again = await api().computerPodEnsure({ body: {} });
    assert.equal(again.created, false);
    assert.equal(again.pod.id, before);
  });

  it('the CLI drives the same routes (count, list, desktop) with --json', function () {
    const cli = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.cjs'), '--home', home, '--json', ...args], { encoding: 'utf8' })) as Record<string, unknown>;
    assert.equal((cli('computer', 'count').byKind as { computer: number }).computer, 1);
    assert.equal((cli('computer', 'list').pods as unknown[]).length, 1);
    assert.match(String(cli('computer', 'desktop', '--project', 'desk').pageUrl), /\/desktop\/view\?ticket=/);
  });
});

// What the container tests share: a real Docker engine (or a loud reason there is none), the
// images built through the daemon's own route, and a check that nothing labelled is left behind.
// The tests talk to the engine directly only to look (and to plant an orphan or a server); every
// action under test goes through the daemon.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Docker from 'dockerode';
import type { DaemonProcess } from '../support/daemonHarness.js';

export const docker = new Docker();

/** State dirs of the daemons this test process started: the final check looks only at theirs. */
export const testHomes = new Set<string>();

/**
 * Resolves when an engine answers. Without one: CI (SWITCHBOARD_REQUIRE_DOCKER=1) fails with the
 * reason; a local run without Docker skips, saying so loudly.
 */
export async function requireDocker(ctx: Mocha.Context): Promise<void> {
  const target = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  try {
    await docker.ping();
  } catch (err) {
    const reason = `no Docker engine answers at ${target} (${err instanceof Error ? err.message : String(err)}); run scripts/provision-docker.sh`;
    if (process.env.SWITCHBOARD_REQUIRE_DOCKER === '1') throw new Error(reason);
    process.stderr.write(`\n*** SKIPPING the container tests: ${reason}. Set SWITCHBOARD_REQUIRE_DOCKER=1 to make this a failure. ***\n\n`);
    ctx.skip();
  }
}

/** Builds (or confirms, from cache) both images through `POST /api/v1/images/build`. */
export async function buildImages(daemon: DaemonProcess): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  const res = await daemon.client.api.buildImages({ body: {} });
  const events = await daemon.waitForEvents(
    { since: res.startSeq - 1 },
    (evs) => evs.some((e) => e.type === 'image.build_finished' && (e.payload as { buildId: string }).buildId === res.buildId),
    15 * 60_000,
  );
  const mine = events.filter((e) => (e.payload as { buildId?: string }).buildId === res.buildId) as Array<{ type: string; payload: Record<string, unknown> }>;
  const failed = mine.find((e) => e.type === 'image.build_failed');
  assert.equal(failed, undefined, `image build failed: ${JSON.stringify(failed?.payload)}`);
  return mine;
}

/** Containers of one state dir (the daemon labels everything with its home). */
export async function containersOf(home: string): Promise<Docker.ContainerInfo[]> {
  testHomes.add(home);
  return docker.listContainers({ all: true, filters: { label: [`switchboard.home=${home}`] } });
}

/** Fails when a container of this home is left, after removing it (so one failure does not cascade). */
export async function assertNoneLeft(home: string): Promise<void> {
  const left = await containersOf(home);
  for (const c of left) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  assert.deepEqual(
    left.map((c) => `${c.Names[0]} (${c.Labels['switchboard.kind']})`),
    [],
    'containers with switchboard.* labels were left behind',
  );
}

/**
 * The account the daemon runs as in these tests: as root, an unprivileged uid that can use the
 * engine's socket through its group, so "files come out as the worktree owner" means something.
 */
export function testAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0 || process.env.DOCKER_HOST) return null;
  const sock = fs.statSync('/var/run/docker.sock', { throwIfNoEntry: false });
  return sock ? { uid: 4242, gid: sock.gid } : null;
}

/** chown -R, for the homes and repositories the other account's daemon works in. */
export function chownTree(dir: string, account: { uid: number; gid: number } | null): void {
  if (!account) return;
  const walk = (p: string): void => {
    fs.lchownSync(p, account.uid, account.gid);
    if (fs.lstatSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(`${p}/${e}`);
  };
  walk(dir);
}

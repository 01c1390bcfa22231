// The computer agent's container: one per user, shared by that user's projects, kept alive when
// an agent in it stops. Xvfb + a window manager + x11vnc, the VNC server on a unix socket in a
// bind-mounted folder (no network at all); ready once that socket answers the RFB handshake.
//
// Host folder `<home>/computers/<user>/` is `/run/switchboard` inside: `vnc.sock`, `pids/` (pid
// files of the agents and commands exec'd in it), `ports/` (port-proxy sockets), `home/` (HOME).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Pod } from '../protocol/containerEntities.js';
import type { DockerEngine } from './dockerEngine.js';
import { ContainerError } from './errors.js';
import type { Emit } from './emit.js';
import { computerName, LABEL, labelFilter, labelsFor, podOf, type ListedContainer } from './labels.js';
import { dedupe, gitDirsOf, ownerOf, samePath, toDockerMounts, type BindMount } from './mounts.js';
import { MAX_SOCKET_PATH, probeVnc, waitForVnc } from './vncProbe.js';

export const COMPUTER_RUN_DIR = '/run/switchboard';
const READY_TIMEOUT_MS = 60_000;

export interface ComputerServiceOptions {
  engine: DockerEngine;
  home: string;
  homeDigest: string;
  image: string;
  computersDir: string;
  worktreesDir: string;
  agentHomesDir: string;
  /** Host paths every container gets read-only at the same path (the demo agent bundle). */
  sharedReadOnly: string[];
  /** The registered projects: their checkouts (read-only) and git dirs are mounted. */
  listProjects: () => Array<{ id: string; repoPath: string }>;
  emit: Emit;
  readyTimeoutMs?: number;
}

export interface EnsuredComputer {
  pod: Pod;
  created: boolean;
  container: Docker.Container;
}

export class ComputerService {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly o: ComputerServiceOptions) {}

  dirOf(user: string): string {
    return path.join(this.o.computersDir, user);
  }

  vncSocketOf(user: string): string {
    return path.join(this.dirOf(user), 'vnc.sock');
  }

  /** The running computer container of `user`, created and probed ready if needed. Idempotent. */
  ensure(user: string): Promise<EnsuredComputer> {
    return this.serialized(user, () => this.ensureNow(user));
  }

  async find(user: string): Promise<ListedContainer | null> {
    const list = (await this.o.engine.docker
      .listContainers({ all: true, filters: { label: labelFilter(this.o.home, { kind: 'computer', user }) } })
      .catch((err: unknown) => {
        throw this.o.engine.fail(err, 'listing containers');
      })) as ListedContainer[];
    return list[0] ?? null;
  }

  /** Stops and removes the user's computer container; false when there was none. */
  remove(user: string, reason: string): Promise<boolean> {
    return this.serialized(user, async () => {
      const c = await this.find(user);
      if (!c) return false;
      await this.removeContainer(c, reason);
      return true;
    });
  }

  /** Pid files of processes exec'd in the user's container (agents and their commands). */
  async busyPidFiles(user: string): Promise<string[]> {
    const dir = path.join(this.dirOf(user), 'pids');
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.pid')).map((n) => path.join(dir, n));
  }

  /** True while an agent of `sessionId` runs in the user's container (its pid file exists). */
  async agentRunning(user: string, sessionId: string): Promise<boolean> {
    return (await this.busyPidFiles(user)).some((f) => path.basename(f).startsWith(`agent-${sessionId}-`));
  }

  async isReady(user: string): Promise<boolean> {
    return probeVnc(this.vncSocketOf(user), 500);
  }

  private async ensureNow(user: string): Promise<EnsuredComputer> {
    const { engine } = this.o;
    const want = await this.desiredMounts(user);
    const digest = digestOf(want);
    const existing = await this.find(user);
    if (existing && existing.State === 'running') {
      const stale = existing.Labels[LABEL.mounts] !== digest;
      // A new project is not mounted yet: recreate, but never under a running agent.
      if (!stale || (await this.busyPidFiles(user)).length > 0) {
        const container = engine.docker.getContainer(existing.Id);
        const ready = await this.waitReady(user, existing.Id, container, false);
        return { pod: podOf(existing, ready), created: false, container };
      }
      await this.removeContainer(existing, 'recreated');
    } else if (existing) {
      await this.removeContainer(existing, 'exited');
    }
    return this.create(user, want, digest);
  }

  private async create(user: string, mounts: BindMount[], digest: string): Promise<EnsuredComputer> {
    const { engine } = this.o;
    await engine.docker
      .getImage(this.o.image)
      .inspect()
      .catch((err: unknown) => {
        const e = engine.fail(err, `looking up ${this.o.image}`);
        if (e.reason === 'not_found') {
          throw new ContainerError('image_missing', `the computer image ${this.o.image} is not built; run \`switchboard images build\``);
        }
        throw e;
      });
    const dir = this.dirOf(user);
    const socket = this.vncSocketOf(user);
    if (socket.length > MAX_SOCKET_PATH) {
      throw new ContainerError('invalid', `the VNC socket path ${socket} is longer than ${MAX_SOCKET_PATH} bytes; use a shorter SWITCHBOARD_HOME`);
    }
    const owner = await ownerOf(this.o.worktreesDir);
    for (const sub of ['pids', 'ports', 'home']) await fs.mkdir(path.join(dir, sub), { recursive: true, mode: 0o700 });
    await fs.chown(dir, owner.uid, owner.gid).catch(() => undefined);
    for (const sub of ['pids', 'ports', 'home']) await fs.chown(path.join(dir, sub), owner.uid, owner.gid).catch(() => undefined);
    await fs.rm(socket, { force: true });
    const name = computerName(this.o.homeDigest, user);
    const options: Docker.ContainerCreateOptions = {
      name,
      Image: this.o.image,
      User: owner.user,
      Env: [`HOME=${COMPUTER_RUN_DIR}/home`, 'DISPLAY=:0', `SWITCHBOARD_USER=${user}`],
      Labels: labelsFor({ kind: 'computer', user, home: this.o.home, mounts: digest }),
      HostConfig: {
        NetworkMode: 'none',
        Init: true,
        Mounts: toDockerMounts([{ source: dir, target: COMPUTER_RUN_DIR, readOnly: false }, ...mounts]),
        ShmSize: 256 * 1024 * 1024,
        SecurityOpt: ['no-new-privileges'],
      },
    };
    const container = await engine.docker.createContainer(options).catch(async (err: unknown) => {
      const e = engine.fail(err, 'creating the computer container');
      if (e.reason !== 'conflict') throw e;
      // A container of that name that our labels did not find (half-made by a crash): replace it.
      await engine.docker.getContainer(name).remove({ force: true }).catch(() => undefined);
      return engine.docker.createContainer(options).catch((again: unknown) => {
        throw engine.fail(again, 'creating the computer container');
      });
    });
    this.o.emit('container.created', { sessionId: null, projectId: null }, { containerId: container.id, name, kind: 'computer', image: this.o.image, user, network: 'none' });
    await container.start().catch(async (err: unknown) => {
      await container.remove({ force: true }).catch(() => undefined);
      this.o.emit('container.removed', { sessionId: null, projectId: null }, { containerId: container.id, kind: 'computer', reason: 'start_failed' });
      throw engine.fail(err, 'starting the computer container');
    });
    const ready = await this.waitReady(user, container.id, container, true);
    const listed = await this.find(user);
    if (!listed) throw new ContainerError('engine_failed', 'the computer container vanished right after it started');
    return { pod: podOf(listed, ready), created: true, container };
  }

  /** Waits for the VNC handshake; a container that never answers is reported, not left half-ready. */
  private async waitReady(user: string, containerId: string, container: Docker.Container, fresh: boolean): Promise<boolean> {
    const alive = () => container.inspect().then((i) => i.State.Running, () => false);
    const ms = await waitForVnc(this.vncSocketOf(user), fresh ? (this.o.readyTimeoutMs ?? READY_TIMEOUT_MS) : 5_000, alive);
    if (ms === null) {
      const logs = await container.logs({ stdout: true, stderr: true, tail: 20 }).then((b) => b.toString('latin1'), () => '');
      throw new ContainerError('not_ready', `the computer container of ${user} did not answer the VNC handshake${logs ? `; its log ends:\n${logs.trim()}` : ''}`);
    }
    if (fresh) this.o.emit('computer.ready', { sessionId: null, projectId: null }, { user, containerId, readyMs: ms });
    return true;
  }

  private async removeContainer(c: ListedContainer, reason: string): Promise<void> {
    const container = this.o.engine.docker.getContainer(c.Id);
    await container.remove({ force: true }).catch((err: unknown) => {
      const e = this.o.engine.fail(err, 'removing the computer container');
      if (e.reason !== 'not_found') throw e;
    });
    this.o.emit('container.removed', { sessionId: null, projectId: null }, { containerId: c.Id, kind: 'computer', reason });
  }

  /** Worktrees, agent homes, every project's checkout (read-only) and git dirs, shared read-only paths. */
  private async desiredMounts(_user: string): Promise<BindMount[]> {
    const mounts: BindMount[] = [samePath(this.o.worktreesDir, false), samePath(this.o.agentHomesDir, false)];
    for (const p of this.o.listProjects()) {
      mounts.push(samePath(p.repoPath, true));
      const dotGit = path.join(p.repoPath, '.git');
      const isDir = await fs.stat(dotGit).then((s) => s.isDirectory(), () => false);
      // Worktree sessions commit into the repository's object store and refs.
      if (isDir) mounts.push(samePath(dotGit, false));
      else for (const d of await gitDirsOf(p.repoPath)) mounts.push(samePath(d, false));
    }
    for (const p of this.o.sharedReadOnly) mounts.push(samePath(p, true));
    for (const d of [this.o.worktreesDir, this.o.agentHomesDir]) await fs.mkdir(d, { recursive: true });
    return dedupe(mounts).sort((a, b) => a.target.localeCompare(b.target));
  }

  private serialized<T>(user: string, fn: () => Promise<T>): Promise<T> {
    const prior = this.locks.get(user) ?? Promise.resolve();
    const next = prior.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.locks.set(user, tail);
    void tail.then(() => {
      if (this.locks.get(user) === tail) this.locks.delete(user);
    });
    return next;
  }
}

function digestOf(mounts: BindMount[]): string {
  const text = mounts.map((m) => `${m.source}:${m.target}:${m.readOnly ? 'ro' : 'rw'}`).join('\n');
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

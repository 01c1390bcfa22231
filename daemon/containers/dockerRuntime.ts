// The docker runtime provider: a session's agent in a container of its own, with the session's
// checkout (and the git dirs it references) mounted at the same absolute paths, running as the
// checkout owner's uid:gid, with no network unless the template names one. ACP goes over the
// attach stream; terminal/* commands run in the same container through exec.
import fs from 'node:fs/promises';
import type Docker from 'dockerode';
import { AgentStartError } from '../agents/errors.js';
import type { AgentRuntimeProvider, RuntimeProcess, RuntimeStartOptions } from '../agents/runtime.js';
import type { Runtime } from '../protocol/entities.js';
import { attachAgent } from './attachedContainer.js';
import type { DockerEngine } from './dockerEngine.js';
import { ContainerError } from './errors.js';
import type { Emit } from './emit.js';
import { ContainerTerminalRunner } from './execRunner.js';
import { agentName, labelFilter, labelsFor, type ListedContainer } from './labels.js';
import { ownerOf, samePath, sessionMounts, toDockerMounts } from './mounts.js';

export const DEFAULT_AGENT_IMAGE = 'switchboard/agent:latest';

export interface DockerRuntimeOptions {
  engine: DockerEngine;
  home: string;
  homeDigest: string;
  /** The label value of agents' containers (the daemon's own user). */
  user: string;
  /** Host paths every agent container gets read-only at the same path (the demo agent bundle). */
  sharedReadOnly: string[];
  emit: Emit;
}

/** What a session tells the provider about itself (the launch options say what to run). */
export interface SessionPlacement {
  sessionId: string;
  shortId: string;
  projectId: string;
  readOnly: boolean;
  runtime: Runtime;
}

export class DockerRuntime {
  /** Sessions whose running container survived a daemon restart: their next start attaches to it. */
  private readonly adoptable = new Set<string>();

  constructor(private readonly o: DockerRuntimeOptions) {}

  providerFor(p: SessionPlacement): AgentRuntimeProvider {
    return { confinement: 'container', start: (opts) => this.start(p, opts).catch((err: unknown) => Promise.reject(startError(err))) };
  }

  /** Called by reconciliation for a container kept alive across a restart. */
  markAdoptable(sessionId: string): void {
    this.adoptable.add(sessionId);
  }

  private async start(p: SessionPlacement, opts: RuntimeStartOptions): Promise<RuntimeProcess> {
    const { engine } = this.o;
    const isDir = await fs.stat(opts.cwd).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new AgentStartError('bad_cwd', `Working directory does not exist: ${opts.cwd}`);
    if (this.adoptable.delete(p.sessionId)) {
      const again = await this.reattach(p);
      if (again) return again;
    }

    const image = p.runtime.image ?? DEFAULT_AGENT_IMAGE;
    const network = p.runtime.network ?? 'none';
    await engine.docker
      .getImage(image)
      .inspect()
      .catch((err: unknown) => {
        const e = engine.fail(err, `looking up the image ${image}`);
        if (e.reason !== 'not_found') throw e;
        const hint = image.startsWith('switchboard/') ? '; run `switchboard images build`' : '; build or pull it first';
        throw new ContainerError('image_missing', `the image ${image} is not on the Docker engine${hint}`);
      });

    const owner = await ownerOf(opts.cwd);
    const extra = [...this.o.sharedReadOnly.map((x) => samePath(x, true))];
    if (opts.home) extra.push(samePath(opts.home, false));
    const mounts = await sessionMounts(opts.cwd, p.readOnly, extra);
    const name = agentName(this.o.homeDigest, p.shortId);
    const env = { ...opts.env, ...(opts.home ? { HOME: opts.home } : {}) };
    const createOptions: Docker.ContainerCreateOptions = {
      name,
      Image: image,
      Cmd: [opts.command, ...opts.args],
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      WorkingDir: opts.cwd,
      User: owner.user,
      Labels: labelsFor({ kind: 'agent', user: this.o.user, home: this.o.home, sessionId: p.sessionId, projectId: p.projectId }),
      OpenStdin: true,
      StdinOnce: false,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      HostConfig: {
        NetworkMode: network,
        // An init as PID 1 forwards SIGTERM to the agent and reaps what its commands leave behind.
        Init: true,
        Mounts: toDockerMounts(mounts),
        SecurityOpt: ['no-new-privileges'],
        ...(p.runtime.cpus !== undefined ? { NanoCpus: Math.round(p.runtime.cpus * 1e9) } : {}),
        ...(p.runtime.memoryMb !== undefined ? { Memory: p.runtime.memoryMb * 1024 * 1024 } : {}),
      },
    };
    const container = await engine.docker.createContainer(createOptions).catch(async (err: unknown) => {
      const e = engine.fail(err, 'creating the agent container');
      if (e.reason !== 'conflict') throw e;
      // The name is taken by a leftover of this same session (a crash between create and start).
      await engine.docker.getContainer(name).remove({ force: true }).catch(() => undefined);
      return engine.docker.createContainer(createOptions).catch((again: unknown) => {
        throw engine.fail(again, 'creating the agent container');
      });
    });
    const scope = { sessionId: p.sessionId, projectId: p.projectId };
    this.o.emit('container.created', scope, { containerId: container.id, name, kind: 'agent', image, user: this.o.user, network });
    return attachAgent({
      engine,
      container,
      start: true,
      terminals: new ContainerTerminalRunner(engine, container, '/tmp'),
      onRemoved: (reason) => this.o.emit('container.removed', scope, { containerId: container.id, kind: 'agent', reason }),
    });
  }

  /** Attaches to the session's container that is still running; null when it is gone meanwhile. */
  private async reattach(p: SessionPlacement): Promise<RuntimeProcess | null> {
    const { engine } = this.o;
    const found = (await engine.docker
      .listContainers({ filters: { label: labelFilter(this.o.home, { kind: 'agent', session: p.sessionId }), status: ['running'] } })
      .catch(() => [])) as ListedContainer[];
    const c = found[0];
    if (!c) return null;
    const container = engine.docker.getContainer(c.Id);
    const scope = { sessionId: p.sessionId, projectId: p.projectId };
    const proc = await attachAgent({
      engine,
      container,
      start: false,
      terminals: new ContainerTerminalRunner(engine, container, '/tmp'),
      onRemoved: (reason) => this.o.emit('container.removed', scope, { containerId: c.Id, kind: 'agent', reason }),
    });
    this.o.emit('container.reattached', scope, { containerId: c.Id });
    return proc;
  }
}

/** The agents layer's vocabulary for a container that could not start its agent. */
export function startError(err: unknown): unknown {
  if (!ContainerError.is(err)) return err;
  const reason = err.reason === 'image_missing' || err.reason === 'engine_unreachable' ? 'not_installed' : 'exited_early';
  return new AgentStartError(reason, err.message, { cause: err });
}

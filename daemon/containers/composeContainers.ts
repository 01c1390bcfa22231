// The containers layer's own parts, built together for the composition root (daemon/main.ts),
// which hands in what they need from other layers as plain functions and wires the results.
// Nothing here talks to the engine: a daemon without Docker starts as before, and container
// features fail with a clear `engine_unreachable` only when used.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { AgentRuntimeProvider } from '../agents/runtime.js';
import { ComputerBindings, type BindingRecord } from './computerBindings.js';
import { ComputerRuntime } from './computerRuntime.js';
import { ComputerService } from './computerService.js';
import { DockerEngine } from './dockerEngine.js';
import { DockerRuntime } from './dockerRuntime.js';
import type { Emit } from './emit.js';
import { IMAGE_TAGS, ImageBuilder } from './imageBuilder.js';
import { Pods } from './pods.js';
import { PortForwarders } from './portForwarder.js';
import { RuntimeSelector } from './runtimeSelector.js';

export interface ContainerInputs {
  home: string;
  worktreesDir: string;
  agentHomesDir: string;
  /** The repository's images/ folder (Dockerfiles, build-base.sh). */
  imagesDir: string;
  /** Mounted read-only at its host path into every container (the demo agent bundle). */
  sharedReadOnly: string[];
  local: AgentRuntimeProvider;
  emit: Emit;
  listProjects: () => Array<{ id: string; repoPath: string }>;
  readBindings: () => Iterable<BindingRecord>;
}

export function composeContainers(i: ContainerInputs) {
  const engine = new DockerEngine();
  const homeDigest = crypto.createHash('sha256').update(i.home).digest('hex').slice(0, 8);
  const user = defaultUserName();
  const computers = new ComputerService({
    engine,
    home: i.home,
    homeDigest,
    image: IMAGE_TAGS.computer.tag,
    computersDir: path.join(i.home, 'computers'),
    worktreesDir: i.worktreesDir,
    agentHomesDir: i.agentHomesDir,
    sharedReadOnly: i.sharedReadOnly,
    listProjects: i.listProjects,
    emit: i.emit,
  });
  const docker = new DockerRuntime({ engine, home: i.home, homeDigest, user, sharedReadOnly: i.sharedReadOnly, emit: i.emit });
  const computer = new ComputerRuntime(engine, computers);
  const bindings = new ComputerBindings(i.readBindings);
  return {
    engine,
    defaultUser: user,
    computers,
    docker,
    bindings,
    selector: new RuntimeSelector({ local: i.local, docker, computer, computerUserOf: (id) => bindings.userOf(id) }),
    images: new ImageBuilder({ engine, imagesDir: i.imagesDir, emit: i.emit }),
    pods: new Pods(engine, i.home, computers),
    forwarders: new PortForwarders(engine, computers),
  };
}

/** The account the daemon runs as, in the shape labels and container names accept. */
export function defaultUserName(): string {
  let name = '';
  try {
    name = os.userInfo().username;
  } catch {
    name = process.env.USER ?? '';
  }
  const clean = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 63);
  return clean || 'user';
}

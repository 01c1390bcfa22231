// Start-up reconciliation by label, after session recovery has made the states truthful:
//  - an agent container whose session is idle (completed) and still running is kept, and the
//    session's next turn attaches to it again (same agent process, same memory);
//  - an agent container of a session that was mid-turn when the daemon died is removed: its
//    in-flight requests (a permission, a file write) were lost with the old connection, so the
//    agent cannot be trusted to carry on; the session is failed (interrupted) and resumes anew;
//  - containers of unknown, archived or deleted sessions, and stopped containers, are removed;
//  - a running computer container is kept; agents the old daemon had exec'd in it are ended
//    (an exec stream cannot be attached again), found by their pid files.
// What was done is one `containers.reconciled` event.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SessionState } from '../protocol/entities.js';
import type { EventPayload } from '../protocol/events.js';
import { RETIRED_STATES } from '../protocol/sessionStates.js';
import type { ComputerService } from './computerService.js';
import type { DockerEngine } from './dockerEngine.js';
import type { DockerRuntime } from './dockerRuntime.js';
import type { Emit } from './emit.js';
import { LABEL, labelFilter, type ListedContainer } from './labels.js';

export interface ReconcileDeps {
  engine: DockerEngine;
  home: string;
  emit: Emit;
  docker: DockerRuntime;
  computers: ComputerService;
  /** The session's state after recovery, or null when it no longer exists. */
  sessionState: (sessionId: string) => SessionState | null;
  /** Sessions that recovery found mid-turn (or starting) and failed as interrupted. */
  interrupted: ReadonlySet<string>;
}

type Report = EventPayload<'containers.reconciled'>;

/** Null when no engine answers (nothing to reconcile, and nothing we could do). */
export async function reconcileContainers(d: ReconcileDeps): Promise<Report | null> {
  try {
    await d.engine.ping(2_000);
  } catch {
    return null;
  }
  const all = (await d.engine.docker.listContainers({ all: true, filters: { label: labelFilter(d.home) } })) as ListedContainer[];
  const report: Report = { adopted: [], removed: [], endedAgents: 0 };
  for (const c of all) {
    const kind = c.Labels[LABEL.kind] === 'computer' ? 'computer' : 'agent';
    const sessionId = c.Labels[LABEL.session] ?? null;
    const user = c.Labels[LABEL.user] ?? '';
    const verdict = kind === 'computer' ? computerVerdict(c) : agentVerdict(c, sessionId, d);
    if (verdict === 'keep') {
      if (kind === 'agent' && sessionId) d.docker.markAdoptable(sessionId);
      if (kind === 'computer') report.endedAgents += await endLeftoverAgents(d, c, user);
      report.adopted.push({ containerId: c.Id, kind, sessionId, user });
      continue;
    }
    await d.engine.docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => undefined);
    report.removed.push({ containerId: c.Id, kind, sessionId, reason: verdict });
    d.emit('container.removed', { sessionId: sessionId && d.sessionState(sessionId) ? sessionId : null, projectId: null }, { containerId: c.Id, kind, reason: verdict });
  }
  if (all.length > 0) d.emit('containers.reconciled', { sessionId: null, projectId: null }, report);
  return report;
}

function computerVerdict(c: ListedContainer): 'keep' | 'exited' {
  return c.State === 'running' ? 'keep' : 'exited';
}

function agentVerdict(c: ListedContainer, sessionId: string | null, d: ReconcileDeps): 'keep' | 'orphan' | 'exited' | 'interrupted' {
  const state = sessionId ? d.sessionState(sessionId) : null;
  if (!sessionId || state === null || RETIRED_STATES.includes(state)) return 'orphan';
  if (c.State !== 'running') return 'exited';
  if (d.interrupted.has(sessionId) || state !== 'completed') return 'interrupted';
  return 'keep';
}

/** Kills what the previous daemon exec'd in a computer container (pid files in its run folder). */
async function endLeftoverAgents(d: ReconcileDeps, c: ListedContainer, user: string): Promise<number> {
  const files = await d.computers.busyPidFiles(user);
  if (files.length === 0) return 0;
  const container = d.engine.docker.getContainer(c.Id);
  const inside = files.map((f) => `/run/switchboard/pids/${path.basename(f)}`);
  const script = 'for f in "$@"; do p=$(cat "$f" 2>/dev/null) && { kill -s KILL -- "-$p" 2>/dev/null || kill -s KILL "$p" 2>/dev/null; }; rm -f "$f"; done; exit 0';
  await container
    .exec({ Cmd: ['/bin/sh', '-c', script, 'sh', ...inside], AttachStdout: true, AttachStderr: true })
    .then((e) => e.start({ hijack: true, stdin: false }))
    .then((s) => new Promise<void>((resolve) => {
      s.once('end', () => resolve());
      s.once('close', () => resolve());
      s.on('error', () => resolve());
      s.resume();
    }))
    .catch(() => undefined);
  // Files the container could not remove (it may run as another uid) go from the host side.
  for (const f of files) await fs.rm(f, { force: true }).catch(() => undefined);
  return files.length;
}

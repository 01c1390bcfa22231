// An agent's own earlier sessions for a project (ACP `session/list`): the agent is started briefly
// with its own HOME (where it keeps its sessions), confined like a read-only session in the
// project's checkout, asked, and ended. Sessions count as the project's when the agent ran them in
// the checkout (or below it) or in one of the project's Switchboard worktrees, which are
// directories of their own: that is why the list is asked for every directory and filtered here.
import fs from 'node:fs';
import path from 'node:path';
import type { AgentConnection } from '../agents/agentConnection.js';
import { AgentRequestError, AgentStartError } from '../agents/errors.js';
import type { AgentRuntimeProvider } from '../agents/runtime.js';
import type { AgentSessionInfo } from '../protocol/agentFeatureRoutes.js';
import type { AgentTemplate, Project } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { worktreePathFor } from '../worktrees/branchName.js';
import { worktreePathForSession } from './worktreeRoots.js';
import { startBriefAgent } from './briefAgent.js';
import type { ProjectService } from './projectService.js';
import type { SandboxPolicy } from './sandboxPolicy.js';
import type { TemplateService } from './templateService.js';

/** Pages of `session/list` followed at most: an agent with thousands of sessions is cut short, not waited on. */
const MAX_PAGES = 20;
const LIST_TIMEOUT_MS = 30_000;

export interface AgentSessionListerDeps {
  projects: ProjectService;
  templates: TemplateService;
  /** The host runtime: listings run the agent locally (a container agent's sessions live in its container). */
  runtime: AgentRuntimeProvider;
  agentHomesDir: string;
  sandboxes: SandboxPolicy;
  /** The state dir, under which the project's worktrees live unless a root is named. */
  home: string;
  /** The daemon's `--worktree-root` (a project's own wins; worktreeRoots.ts). */
  worktreeRoot?: string | null;
}

export class AgentSessionLister {
  constructor(private readonly deps: AgentSessionListerDeps) {}

  /** Newest first as the agent answers. 400 naming `agent` when it cannot list its sessions. */
  list(projectRef: string, agentName: string): Promise<AgentSessionInfo[]> {
    return this.withAgent(projectRef, agentName, 'agent', async (conn, project) => {
      if (!conn.supportsSession('list')) {
        throw new SwitchboardError('invalid_request', `the ${agentName} agent does not list its sessions (it declares no sessionCapabilities.list)`, 'agent');
      }
      return this.projectSessions(conn, project);
    });
  }

  /**
   * Before a session starts `fromAgentSession`: 400 naming that field unless the agent can resume
   * or load sessions and (when it can list them) lists this one among the project's. Answers the
   * listed session (null when the agent cannot list).
   */
  assertContinuable(projectRef: string, agentName: string, agentSessionId: string): Promise<AgentSessionInfo | null> {
    const field = 'fromAgentSession';
    return this.withAgent(projectRef, agentName, field, async (conn, project) => {
      if (!conn.supportsSession('resume') && !conn.loadSession) {
        throw new SwitchboardError('invalid_request', `the ${agentName} agent can neither resume nor load its sessions`, field);
      }
      if (!conn.supportsSession('list')) return null; // nothing to check the id against: the first start says whether it worked
      const listed = (await this.projectSessions(conn, project)).find((s) => s.sessionId === agentSessionId);
      if (!listed) {
        throw new SwitchboardError('invalid_request', `the ${agentName} agent has no session "${agentSessionId}" for project ${project.slug} (see agent-sessions)`, field);
      }
      return listed;
    });
  }

  private async projectSessions(conn: AgentConnection, project: Project): Promise<AgentSessionInfo[]> {
    const listing = await conn.listSessions(null, MAX_PAGES);
    const inProject = projectDirs(this.deps.home, this.deps.worktreeRoot ?? null, project);
    return listing.sessions.filter((s) => inProject(s.cwd));
  }

  /** Runs `fn` with the agent started for the project, and ends the agent; its failures name `field`. */
  private async withAgent<T>(projectRef: string, agentName: string, field: string, fn: (conn: AgentConnection, project: Project) => Promise<T>): Promise<T> {
    const project = this.deps.projects.get(projectRef);
    const template = this.deps.templates.get(agentName);
    this.deps.templates.assertInstalled(template);
    if (template.runtime.provider === 'docker' || template.runtime.sandbox === 'docker') {
      throw new SwitchboardError('invalid_request', `the ${agentName} agent runs in a container; its own sessions cannot be reached from here`, field);
    }
    const conn = await this.start(template, project, field);
    try {
      return await fn(conn, project);
    } catch (err) {
      throw AgentRequestError.is(err) ? new SwitchboardError('agent_failed', `the ${agentName} agent could not list its sessions: ${err.message}`, field) : err;
    } finally {
      await conn.terminate(0);
    }
  }

  private async start(template: AgentTemplate, project: Project, field: string): Promise<AgentConnection> {
    try {
      return await startBriefAgent(this.deps, template, project.repoPath, LIST_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof AgentStartError) throw new SwitchboardError('agent_failed', `the ${template.name} agent could not start: ${err.message}`, field);
      throw err;
    }
  }
}

/** Whether a directory is the project's checkout, inside it, or one of the project's worktrees. */
function projectDirs(home: string, daemonRoot: string | null, project: Project): (cwd: string) => boolean {
  // The project's worktree folder under its root now, and under the state dir (where older ones may be).
  const worktreeDirs = [worktreePathFor(home, project.slug, 'x'), worktreePathForSession({ home, daemonRoot, project, sessionId: 'x' })].map((p) => path.dirname(p));
  const roots = [project.repoPath, ...worktreeDirs].flatMap((r) => [r, realOr(r)]);
  return (cwd) => {
    const dirs = [cwd, realOr(cwd)];
    return dirs.some((d) => roots.some((r) => d === r || d.startsWith(`${r}${path.sep}`)));
  };
}

function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

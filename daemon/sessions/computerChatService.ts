// Computer chat: sessions whose agent runs in a user's computer container. It binds a prompt to
// the user's container, continues that user's latest session in the project or creates one
// (bound to the user before its agent starts, so the runtime selector puts the agent in the
// container), and stops, cancels and reports those sessions.
// It lives in sessions/ because it drives sessions (SessionService) and containers together, and
// only sessions/ may import both; containers/ knows nothing of sessions.
import type { ComputerBindings } from '../containers/computerBindings.js';
import type { ComputerService } from '../containers/computerService.js';
import { podOf } from '../containers/labels.js';
import type { ComputerAgent, ComputerChatResult, Pod } from '../protocol/containerEntities.js';
import type { ComputerChatBody } from '../protocol/containerRoutes.js';
import type { Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { RETIRED_STATES, STOPPABLE_STATES } from '../protocol/sessionStates.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import type { ProjectService } from './projectService.js';
import type { SessionService } from './sessionService.js';

/** The agent computer chat runs when the request names none. */
export const DEFAULT_COMPUTER_AGENT = 'demo-docker';

export interface ComputerChatDeps {
  store: Store;
  bus: EventBus;
  projects: ProjectService;
  sessions: SessionService;
  computers: ComputerService;
  bindings: ComputerBindings;
  /** The daemon's own user: the default wherever a request names none, and what `me` means. */
  defaultUser: string;
}

export class ComputerChatService {
  constructor(private readonly d: ComputerChatDeps) {}

  /** A request's user: absent or `me` is the daemon's own. */
  userOf(user: string | undefined): string {
    return user === undefined || user === 'me' ? this.d.defaultUser : user;
  }

  /** A request's project (slug or id, checked to exist), or null when absent or `-`. */
  projectIdOf(project: string | undefined): string | null {
    return project === undefined || project === '-' ? null : this.d.projects.get(project).id;
  }

  /** The user's computer container, running and ready; the project, when named, must exist. */
  async ensure(user: string | undefined, project?: string): Promise<{ user: string; projectId: string | null; pod: Pod; created: boolean }> {
    const projectId = this.projectIdOf(project);
    const who = this.userOf(user);
    const { pod, created } = await this.d.computers.ensure(who);
    return { user: who, projectId, pod, created };
  }

  /** Sends the prompt to the user's latest session in the project, or to a new one. */
  async chat(body: ComputerChatBody): Promise<ComputerChatResult> {
    const user = this.userOf(body.user);
    const project = this.d.projects.get(body.project);
    // The container first: a missing image or engine is said plainly, before a session exists.
    const { pod } = await this.d.computers.ensure(user);
    const existing = body.newSession ? undefined : this.sessionsOf(user, project.id).at(-1);
    if (existing) {
      const { session, turn } = this.d.sessions.followup(existing.id, body.prompt);
      return { session, turn, created: false, pod };
    }
    const session = await this.d.sessions.create(
      {
        project: project.id,
        agent: body.agent ?? DEFAULT_COMPUTER_AGENT,
        action: 'implement',
        prompt: body.prompt,
        ...(body.permissionPolicy ? { permissionPolicy: body.permissionPolicy } : {}),
      },
      (s) => {
        // Before the agent starts: the runtime selector reads this binding.
        this.d.bindings.bind(s.id, user);
        this.d.bus.emit('computer.session_bound', { sessionId: s.id, projectId: s.projectId }, { user });
      },
    );
    const turn = this.d.store.turns.listBySession(session.id)[0];
    if (!turn) throw new SwitchboardError('internal', 'the new computer session has no turn');
    return { session: this.d.store.sessions.get(session.id) ?? session, turn, created: true, pod };
  }

  /** Cancels the running turn of the user's latest session in the project. */
  cancel(user: string | undefined, project: string): Promise<Session> {
    const who = this.userOf(user);
    const s = this.sessionsOf(who, this.d.projects.get(project).id).at(-1);
    if (!s) throw new SwitchboardError('not_found', `${who} has no computer session in this project; start one with POST /api/v1/computer/chat`, 'project');
    return this.d.sessions.cancel(s.id);
  }

  /** Stops the agents of the user's sessions (in one project, when named); the container stays. */
  stopAgents(user: string | undefined, project?: string): Promise<Session[]> {
    return this.stop(this.sessionsOf(this.userOf(user), this.projectIdOf(project)));
  }

  /** Stops every agent of the user, then removes the container. */
  async removeComputer(user: string | undefined): Promise<{ removed: boolean; stoppedSessions: string[] }> {
    const who = this.userOf(user);
    const stopped = await this.stop(this.sessionsOf(who, null));
    return { removed: await this.d.computers.remove(who, 'removed_by_request'), stoppedSessions: stopped.map((s) => s.id) };
  }

  /** The user's container and, for each of their sessions, whether its agent and a turn run. */
  async status(user: string | undefined, project?: string): Promise<{ user: string; pod: Pod | null; agents: ComputerAgent[] }> {
    const who = this.userOf(user);
    const listed = await this.d.computers.find(who);
    const pod = listed ? podOf(listed, listed.State === 'running' && (await this.d.computers.isReady(who))) : null;
    const agents: ComputerAgent[] = [];
    for (const s of this.sessionsOf(who, this.projectIdOf(project))) {
      agents.push({ session: s, agentRunning: listed !== null && (await this.d.computers.agentRunning(who, s.id)), turnRunning: s.state === 'running' });
    }
    return { user: who, pod, agents };
  }

  /** The user's computer sessions (optionally in one project), oldest first, still existing. */
  private sessionsOf(user: string, projectId: string | null): Session[] {
    return this.d.bindings
      .sessionsOf(user)
      .map((id) => this.d.store.sessions.get(id))
      .filter((s): s is Session => s !== null && s !== undefined && !RETIRED_STATES.includes(s.state))
      .filter((s) => projectId === null || s.projectId === projectId);
  }

  /** Stops the agents of these sessions (those that may have one). */
  private async stop(sessions: Session[]): Promise<Session[]> {
    const out: Session[] = [];
    for (const s of sessions) {
      if (!STOPPABLE_STATES.includes(s.state)) continue;
      out.push(await this.d.sessions.stop(s.id));
    }
    return out;
  }
}

// Handlers of the container routes (CONTAINER_ROUTES in daemon/protocol/containerRoutes.ts): images,
// the computer agent's pods, desktop access, and computer chat (sessions whose agent runs in the
// user's computer container). ContainerErrors become protocol errors here, in one place.
import type { ComputerBindings } from '../containers/computerBindings.js';
import type { ComputerService } from '../containers/computerService.js';
import type { DockerEngine } from '../containers/dockerEngine.js';
import { ContainerError, type ContainerErrorReason } from '../containers/errors.js';
import type { ImageBuilder } from '../containers/imageBuilder.js';
import { podOf } from '../containers/labels.js';
import type { Pods } from '../containers/pods.js';
import type { ComputerAgent, ImageKind } from '../protocol/containerEntities.js';
import type { CONTAINER_ROUTES } from '../protocol/containerRoutes.js';
import type { Session } from '../protocol/entities.js';
import { SwitchboardError, type ErrorCode } from '../protocol/errors.js';
import type { EventBus } from '../sessions/eventBus.js';
import type { ProjectService } from '../sessions/projectService.js';
import type { SessionService } from '../sessions/sessionService.js';
import type { Store } from '../storage/store.js';
import { DESKTOP_PAGE_PATH, DESKTOP_WS_PATH } from './desktopServer.js';
import type { DesktopTickets } from './desktopTickets.js';
import type { ApiHandlers } from './handlers.js';
import { PROXY_PREFIX } from './proxyServer.js';

/** The agent computer chat runs when the request names none. */
export const DEFAULT_COMPUTER_AGENT = 'demo-docker';

export interface ContainerFeature {
  engine: DockerEngine;
  images: ImageBuilder;
  computers: ComputerService;
  pods: Pods;
  bindings: ComputerBindings;
  tickets: DesktopTickets;
  /** The daemon's own user: the default wherever a request names none, and what `me` means. */
  defaultUser: string;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  baseUrl: () => string;
}

/** What the container handlers need from the composition root. */
export interface ContainerHandlerDeps {
  store: Store;
  bus: EventBus;
  projects: ProjectService;
  sessions: SessionService;
  containers: ContainerFeature;
}

type Names = keyof typeof CONTAINER_ROUTES;

const CODES: Record<ContainerErrorReason, ErrorCode> = {
  engine_unreachable: 'unavailable',
  image_missing: 'unavailable',
  not_found: 'not_found',
  invalid: 'invalid_request',
  engine_failed: 'internal',
  not_ready: 'unavailable',
  conflict: 'conflict',
  build_failed: 'internal',
};

export function containerHandlers(d: ContainerHandlerDeps): Pick<ApiHandlers, Names> {
  const c = d.containers;
  const userOf = (u: string | undefined): string => (u === undefined || u === 'me' ? c.defaultUser : u);
  const projectIdOf = (p: string | undefined): string | null => (p === undefined || p === '-' ? null : d.projects.get(p).id);

  /** The user's computer sessions (optionally in one project), oldest first, still existing. */
  const computerSessions = (user: string, projectId: string | null): Session[] =>
    c.bindings
      .sessionsOf(user)
      .map((id) => d.store.sessions.get(id))
      .filter((s): s is Session => s !== null && s !== undefined && s.state !== 'archived' && s.state !== 'deleted')
      .filter((s) => projectId === null || s.projectId === projectId);

  const latestSession = (user: string, projectId: string): Session => {
    const s = computerSessions(user, projectId).at(-1);
    if (!s) throw new SwitchboardError('not_found', `${user} has no computer session in this project; start one with POST /api/v1/computer/chat`, 'project');
    return s;
  };

  const handlers: Pick<ApiHandlers, Names> = {
    listImages: async () => ({ images: await c.images.list(), engine: { host: c.engine.target.description, version: await c.engine.ping() } }),
    buildImages: async ({ body }) => {
      const images = [...new Set<ImageKind>(body?.images ?? ['agent', 'computer'])];
      const { buildId, startSeq } = await c.images.start(images, body?.rebuildBase === true);
      return { buildId, images, startSeq };
    },

    computerPodEnsure: async ({ body }) => {
      projectIdOf(body?.project);
      const { pod, created } = await c.computers.ensure(userOf(body?.user));
      return { pod, created };
    },
    computerPodList: ({ query }) => c.pods.page(query),
    computerPodCount: () => c.pods.count(),
    computerPodRemove: async ({ body }) => {
      const user = userOf(body?.user);
      const stopped = await stopAgents(d, computerSessions(user, null));
      return { removed: await c.computers.remove(user, 'removed_by_request'), stoppedSessions: stopped.map((s) => s.id) };
    },

    computerDesktop: async ({ params, query }) => {
      const user = userOf(params.user);
      const projectId = projectIdOf(params.project);
      const { pod } = await c.computers.ensure(user);
      const { ticket, expiresAt } = c.tickets.issue(user);
      const base = c.baseUrl();
      const t = encodeURIComponent(ticket);
      const viewOnly = query.viewOnly === 'true' || query.viewOnly === '1' ? '&viewOnly=1' : '';
      return {
        user,
        projectId,
        pod,
        ticket,
        expiresAt: expiresAt.toISOString(),
        pageUrl: `${base}${DESKTOP_PAGE_PATH}?ticket=${t}${viewOnly}`,
        websocketUrl: `${base.replace(/^http/, 'ws')}${DESKTOP_WS_PATH}?ticket=${t}`,
        proxyUrlTemplate: `${base}${PROXY_PREFIX}{port}/?ticket=${t}`,
      };
    },

    computerChat: async ({ body }) => {
      const user = userOf(body.user);
      const project = d.projects.get(body.project);
      // The container first: a missing image or engine is said plainly, before a session exists.
      const { pod } = await c.computers.ensure(user);
      const existing = body.newSession ? undefined : computerSessions(user, project.id).at(-1);
      if (existing) {
        const { session, turn } = d.sessions.followup(existing.id, body.prompt);
        return { session, turn, created: false, pod };
      }
      const session = await d.sessions.create(
        {
          project: project.id,
          agent: body.agent ?? DEFAULT_COMPUTER_AGENT,
          action: 'implement',
          prompt: body.prompt,
          ...(body.permissionPolicy ? { permissionPolicy: body.permissionPolicy } : {}),
        },
        (s) => {
          // Before the agent starts: the runtime selector reads this binding.
          c.bindings.bind(s.id, user);
          d.bus.emit('computer.session_bound', { sessionId: s.id, projectId: s.projectId }, { user });
        },
      );
      const turn = d.store.turns.listBySession(session.id)[0];
      if (!turn) throw new SwitchboardError('internal', 'the new computer session has no turn');
      return { session: d.store.sessions.get(session.id) ?? session, turn, created: true, pod };
    },
    computerAgentStop: async ({ body }) => {
      const user = userOf(body?.user);
      return { stopped: await stopAgents(d, computerSessions(user, projectIdOf(body?.project))) };
    },
    computerAgentStatus: async ({ body }) => {
      const user = userOf(body?.user);
      const listed = await c.computers.find(user);
      const pod = listed ? podOf(listed, listed.State === 'running' && (await c.computers.isReady(user))) : null;
      const agents: ComputerAgent[] = [];
      for (const s of computerSessions(user, projectIdOf(body?.project))) {
        agents.push({ session: s, agentRunning: listed !== null && (await c.computers.agentRunning(user, s.id)), turnRunning: s.state === 'running' });
      }
      return { user, pod, agents };
    },
    computerSessionCancel: ({ body }) => {
      const s = latestSession(userOf(body.user), d.projects.get(body.project).id);
      return { session: d.sessions.cancel(s.id) };
    },
  };
  return guarded(handlers);
}

/** Stops the agents of these sessions (those that may have one); the container stays. */
async function stopAgents(d: ContainerHandlerDeps, sessions: Session[]): Promise<Session[]> {
  const out: Session[] = [];
  for (const s of sessions) {
    if (!['created', 'running', 'waiting_for_user', 'completed'].includes(s.state)) continue;
    out.push(await d.sessions.stop(s.id));
  }
  return out;
}

/** Every handler, with ContainerErrors turned into protocol errors by their reason. */
function guarded(h: Pick<ApiHandlers, Names>): Pick<ApiHandlers, Names> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(h) as Array<[string, (input: never) => unknown]>) {
    out[name] = async (input: never) => {
      try {
        return await fn(input);
      } catch (err) {
        if (ContainerError.is(err)) throw new SwitchboardError(CODES[err.reason], err.message, undefined, { reason: err.reason });
        throw err;
      }
    };
  }
  return out as Pick<ApiHandlers, Names>;
}

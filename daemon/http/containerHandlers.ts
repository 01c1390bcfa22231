// Handlers of the container routes (CONTAINER_ROUTES in daemon/protocol/containerRoutes.ts): one
// call each. Computer chat (which sessions a user's computer runs) is ComputerChatService's; the
// images and the container listing are containers/' own parts, which reach this layer only
// through the shapes below; desktop access adds a ticket and the URLs that carry it. Container
// errors become protocol errors in the one error table (sessions/errorTable.ts), like any other.
import type { ImageInfo, ImageKind } from '../protocol/containerEntities.js';
import type { CONTAINER_ROUTES } from '../protocol/containerRoutes.js';
import type { RouteQuery, RouteResponse } from '../protocol/routes.js';
import type { ComputerChatService } from '../sessions/computerChatService.js';
import { DESKTOP_PAGE_PATH, DESKTOP_WS_PATH } from './desktopServer.js';
import type { DesktopTickets } from './desktopTickets.js';
import type { ApiHandlers } from './handlers.js';
import { PROXY_PREFIX } from './proxyServer.js';

/**
 * What the container routes need, in the protocol's terms. daemon/main.ts passes containers/'
 * ImageBuilder, DockerEngine and Pods, which have these shapes: this layer states what it uses
 * and never imports containers/.
 */
export interface ContainerFeature {
  chat: ComputerChatService;
  images: {
    list(): Promise<ImageInfo[]>;
    start(images: ImageKind[], rebuildBase: boolean): Promise<{ buildId: string; startSeq: number }>;
  };
  engine: { readonly target: { readonly description: string }; ping(): Promise<string> };
  pods: {
    page(q: RouteQuery<'computerPodList'>): Promise<RouteResponse<'computerPodList'>>;
    count(): Promise<RouteResponse<'computerPodCount'>>;
  };
  tickets: DesktopTickets;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  baseUrl: () => string;
}

/** What the container handlers need from the composition root. */
export interface ContainerHandlerDeps {
  containers: ContainerFeature;
}

type Names = keyof typeof CONTAINER_ROUTES;

export function containerHandlers(d: ContainerHandlerDeps): Pick<ApiHandlers, Names> {
  const c = d.containers;
  return {
    listImages: async () => ({ images: await c.images.list(), engine: { host: c.engine.target.description, version: await c.engine.ping() } }),
    buildImages: async ({ body }) => {
      const images = [...new Set<ImageKind>(body?.images ?? ['agent', 'computer'])];
      const { buildId, startSeq } = await c.images.start(images, body?.rebuildBase === true);
      return { buildId, images, startSeq };
    },

    computerPodEnsure: async ({ body }) => {
      const { pod, created } = await c.chat.ensure(body?.user, body?.project);
      return { pod, created };
    },
    computerPodList: ({ query }) => c.pods.page(query),
    computerPodCount: () => c.pods.count(),
    computerPodRemove: ({ body }) => c.chat.removeComputer(body?.user),

    computerDesktop: async ({ params, query }) => {
      const { user, projectId, pod } = await c.chat.ensure(params.user, params.project);
      return { user, projectId, pod, ...desktopUrls(c, user, query.viewOnly === 'true' || query.viewOnly === '1') };
    },

    computerChat: ({ body }) => c.chat.chat(body),
    computerAgentStop: async ({ body }) => ({ stopped: await c.chat.stopAgents(body?.user, body?.project) }),
    computerAgentStatus: ({ body }) => c.chat.status(body?.user, body?.project),
    computerSessionCancel: async ({ body }) => ({ session: await c.chat.cancel(body.user, body.project) }),
  };
}

/** A fresh ticket for `user`'s desktop and the page, VNC and proxy URLs that carry it. */
function desktopUrls(c: ContainerFeature, user: string, viewOnly: boolean) {
  const { ticket, expiresAt } = c.tickets.issue(user);
  const base = c.baseUrl();
  const t = encodeURIComponent(ticket);
  return {
    ticket,
    expiresAt: expiresAt.toISOString(),
    pageUrl: `${base}${DESKTOP_PAGE_PATH}?ticket=${t}${viewOnly ? '&viewOnly=1' : ''}`,
    websocketUrl: `${base.replace(/^http/, 'ws')}${DESKTOP_WS_PATH}?ticket=${t}`,
    proxyUrlTemplate: `${base}${PROXY_PREFIX}{port}/?ticket=${t}`,
  };
}

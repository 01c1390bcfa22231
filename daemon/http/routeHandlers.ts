// Binds every route of the protocol to the service that answers it. Validation already happened
// in the server's pipeline, and errors are mapped there too, so each handler is one call.
import type { AdmissionSnapshot } from '../protocol/fleetEntities.js';
import type { ProjectService } from '../sessions/projectService.js';
import type { HistoryQueries } from '../sessions/historyQueries.js';
import type { SessionService } from '../sessions/sessionService.js';
import type { TemplateService } from '../sessions/templateService.js';
import type { ApiHandlers } from './handlers.js';
import { agentFeatureHandlers, type AgentFeatureHandlerDeps } from './agentFeatureHandlers.js';
import { apiDocsHandlers, type ApiDocsHandlerDeps } from './apiDocsHandlers.js';
import { containerHandlers, type ContainerHandlerDeps } from './containerHandlers.js';
import { fleetHandlers, type FleetHandlerDeps } from './fleetHandlers.js';
import { metricsHandlers, type MetricsHandlerDeps } from './metricsHandler.js';
import { projectHandlers, type ProjectHandlerDeps } from './projectHandlers.js';
import { reviewHandlers, type ReviewHandlerDeps } from './reviewHandlers.js';

export interface HandlerDeps extends ReviewHandlerDeps, ContainerHandlerDeps, AgentFeatureHandlerDeps, FleetHandlerDeps, ProjectHandlerDeps, MetricsHandlerDeps, ApiDocsHandlerDeps {
  history: HistoryQueries;
  projects: ProjectService;
  templates: TemplateService;
  sessions: SessionService;
  version: string;
  startedAtMs: number;
  /** Starts a graceful shutdown after the response has been sent. */
  requestShutdown: () => void;
}

export function routeHandlers(d: HandlerDeps): ApiHandlers {
  return {
    ...reviewHandlers(d),
    ...containerHandlers(d),
    ...agentFeatureHandlers(d),
    ...fleetHandlers(d),
    ...metricsHandlers(d),
    ...projectHandlers(d),
    ...apiDocsHandlers(d),
    health: () => ({
      status: 'ok',
      version: d.version,
      pid: process.pid,
      uptimeMs: Date.now() - d.startedAtMs,
      sessions: d.history.sessionCounts(),
      lastSeq: d.history.lastSeq(),
      admission: admissionCounts(d.admission.snapshot()),
      // The last background measurement: a health check never walks the disk.
      disk: d.disk.lastTotal(),
    }),
    shutdown: () => {
      setImmediate(d.requestShutdown);
      return { ok: true };
    },

    listProjects: () => ({ projects: d.projects.list() }),
    addProject: async ({ body }) => ({ project: await d.projects.add(body) }),
    getProject: ({ params }) => ({ project: d.projects.view(d.projects.get(params.project)) }),
    updateProject: ({ params, body }) => ({ project: d.projects.update(params.project, body) }),

    listAgents: () => ({ agents: d.templates.list() }),
    addAgent: ({ body }) => ({ agent: d.templates.add(body) }),
    setAgentSecrets: ({ params, body }) => ({ agent: params.name, keys: d.templates.setMemorySecrets(params.name, body.env) }),

    createSession: async ({ body }) => ({ session: await d.sessions.create(body) }),
    listSessions: ({ query }) => ({ sessions: d.sessions.list(query) }),
    getSession: ({ params }) => d.sessions.detail(params.id),
    followup: ({ params, body }) => d.sessions.followup(params.id, body.text),
    cancelTurn: async ({ params }) => ({ session: await d.sessions.cancel(params.id) }),
    stopSession: async ({ params }) => ({ session: await d.sessions.stop(params.id) }),
    resumeSession: ({ params }) => ({ session: d.sessions.resume(params.id) }),
    archiveSession: async ({ params }) => ({ session: await d.sessions.archive(params.id) }),
    deleteSession: ({ params, query }) => d.sessions.delete(params.id, query.deleteBranch === true),
    cleanupPreview: async ({ params }) => ({ ...(await d.sessions.cleanupPreview(params.id)), disk: await d.disk.measureById(params.id) }),
    listPermissions: ({ params, query }) => ({ permissions: d.sessions.permissions(params.id, query.state) }),
    answerPermission: ({ params, body }) => ({ permission: d.sessions.answerPermission(params.id, params.requestId, body.optionId) }),
    logTail: ({ params, query }) => d.sessions.logTail(params.id, query.lines),

    listEvents: ({ query }) => d.history.events(query),
    listArtifacts: ({ query }) => ({ artifacts: d.history.artifacts(query) }),
  };
}

function admissionCounts(snapshot: AdmissionSnapshot): { running: number; queued: number; maxAgents: number } {
  return { running: snapshot.running.length, queued: snapshot.queue.length, maxAgents: snapshot.maxAgents };
}

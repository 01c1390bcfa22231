// Handlers of the agent-feature routes (AGENT_FEATURE_ROUTES in daemon/protocol/agentFeatureRoutes.ts):
// settings, slash commands, usage, logins, an agent's own sessions, elicitations.
import type { AGENT_FEATURE_ROUTES, SessionConfig } from '../protocol/agentFeatureRoutes.js';
import type { AgentLogin } from '../sessions/agentLogin.js';
import type { AgentSessionLister } from '../sessions/agentSessionLister.js';
import type { ElicitationBroker } from '../sessions/elicitationBroker.js';
import type { SessionService } from '../sessions/sessionService.js';
import type { SessionSettings } from '../sessions/sessionSettings.js';
import type { TemplateService } from '../sessions/templateService.js';
import type { UsageQueries } from '../sessions/usageQueries.js';
import type { ApiHandlers } from './handlers.js';

/** What the agent-feature handlers need from the composition root. */
export interface AgentFeatureHandlerDeps {
  usage: UsageQueries;
  elicitations: ElicitationBroker;
  agentSessions: AgentSessionLister;
  logins: AgentLogin;
  templates: TemplateService;
  sessions: SessionService;
  settings: SessionSettings;
}

/** What the agent offers the session, what it asks for, and what waits for the next prompt. */
function sessionConfig(d: AgentFeatureHandlerDeps, id: string): SessionConfig {
  const s = d.sessions.detail(id).session;
  return { options: s.configOptions ?? [], requested: s.requestedSettings ?? null, pending: d.settings.pendingOf(s.id) };
}

export function agentFeatureHandlers(d: AgentFeatureHandlerDeps): Pick<ApiHandlers, keyof typeof AGENT_FEATURE_ROUTES> {
  return {
    getSessionConfig: ({ params }) => sessionConfig(d, params.id),
    updateSessionConfig: async ({ params, body }) => {
      const applied = await d.settings.change(params.id, body, d.sessions.liveAgent(params.id));
      return { ...sessionConfig(d, params.id), session: d.sessions.detail(params.id).session, applied };
    },
    listCommands: ({ params }) => ({ commands: d.sessions.detail(params.id).session.commands ?? [] }),
    usageReport: ({ query }) => d.usage.report(query),
    loginCommand: ({ params, query }) => d.logins.terminalLogin(params.id, query.methodId),
    authenticate: async ({ params, body }) => ({ session: await d.logins.authenticate(params.id, body.methodId) }),
    logoutAgent: ({ params }) => d.logins.logout(params.name),
    overrideAgent: ({ params, body }) => ({ agent: d.templates.override(params.name, body) }),
    resetAgent: ({ params }) => ({ agent: d.templates.reset(params.name) }),
    listAgentSessions: async ({ params, query }) => ({ sessions: await d.agentSessions.list(params.project, query.agent) }),
    listElicitations: ({ params, query }) => ({ elicitations: d.elicitations.list(params.id, query.state) }),
    answerElicitation: ({ params, body }) => ({
      elicitation: d.elicitations.answer(params.id, params.requestId, body.action, body.content),
    }),
  };
}

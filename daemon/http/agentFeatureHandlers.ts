// Handlers of the agent-feature routes (AGENT_FEATURE_ROUTES in daemon/protocol/agentFeatureRoutes.ts):
// settings, slash commands, usage, logins, an agent's own sessions, elicitations.
import type { AGENT_FEATURE_ROUTES } from '../protocol/agentFeatureRoutes.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { ApiHandlers } from './handlers.js';

/** What the agent-feature handlers need from the composition root. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as each feature lands
export interface AgentFeatureHandlerDeps {}

const notYet = (what: string) => (): never => {
  throw new SwitchboardError('unavailable', `${what} is not available yet`);
};

export function agentFeatureHandlers(_d: AgentFeatureHandlerDeps): Pick<ApiHandlers, keyof typeof AGENT_FEATURE_ROUTES> {
  return {
    getSessionConfig: notYet('settings'),
    updateSessionConfig: notYet('settings'),
    listCommands: notYet('commands'),
    usageReport: notYet('usage'),
    authenticate: notYet('authenticate'),
    logoutAgent: notYet('logout'),
    listAgentSessions: notYet('agent sessions'),
    listElicitations: notYet('elicitations'),
    answerElicitation: notYet('elicitations'),
  };
}

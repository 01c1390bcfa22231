// Starting one session's agent: its template and HOME, what confines it (announced when that
// changes), the process and ACP `initialize`, and the records and `agent.started` event that say so.
import { AgentConnection, type AgentHost } from '../agents/agentConnection.js';
import type { AgentRuntimeProvider } from '../agents/runtime.js';
import type { AgentTemplate, Session } from '../protocol/entities.js';
import type { Store } from '../storage/store.js';
import { agentHomeOf } from './briefAgent.js';
import type { EventBus } from './eventBus.js';
import { mcpSecretValues } from './mcpSecrets.js';
import { collectMcpServers, describeMcpServers, type SessionMcpServers } from './mcpServers.js';
import type { SandboxPolicy } from './sandboxPolicy.js';
import type { SessionLogs } from './sessionLog.js';
import type { SessionRecords } from './sessionRecords.js';
import type { TemplateService } from './templateService.js';

export interface LaunchDeps {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  logs: SessionLogs;
  templates: TemplateService;
  runtime: AgentRuntimeProvider;
  runtimeFor?: (template: AgentTemplate, session: Session) => AgentRuntimeProvider;
  agentHomesDir: string;
  sandboxes: SandboxPolicy;
}

/**
 * Starts the session's agent with `extraEnv` over its template's env. `onSpawned` runs as soon as the process answered `initialize`, before
 * anything is recorded, so the caller tracks its exit from the first moment.
 */
export async function launchAgent(
  deps: LaunchDeps,
  sessionId: string,
  host: AgentHost,
  extraEnv: Record<string, string>,
  onSpawned: (conn: AgentConnection) => void,
): Promise<AgentConnection> {
  const { records, templates, bus } = deps;
  const s = records.get(sessionId);
  const template = templates.get(s.agent);
  templates.assertInstalled(template);
  const home = await agentHomeOf(deps.agentHomesDir, template);
  const runtime = deps.runtimeFor?.(template, s) ?? deps.runtime;
  const { sandbox, isolation } = await deps.sandboxes.decide({
    template,
    session: s,
    repoPath: deps.store.projects.get(s.projectId)?.repoPath ?? s.cwd,
    agentHome: home,
    runtime,
    searchPath: process.env.PATH,
  });
  // Announced when it changes, so every surface shows what confines the agent now.
  if (JSON.stringify(s.isolation ?? null) !== JSON.stringify(isolation)) records.update(sessionId, { isolation }, true);
  if (isolation.kind === 'none') bus.emit('log', records.scope(s), { level: 'warn', message: isolation.detail });
  const mcp = await sessionMcpServers(deps, s, template);
  const conn = await AgentConnection.start(
    {
      runtime,
      command: template.spawn.command,
      args: isolation.kind === 'none' ? template.spawn.args : [...template.spawn.args, ...(template.spawn.sandboxedArgs ?? [])],
      // The session's ports and slug and the project config's env (sessionPreparation.ts) over the template's.
      env: { ...templates.launchEnv(template), ...extraEnv, SWITCHBOARD_SESSION: s.id },
      home,
      cwd: s.cwd,
      readOnly: s.readOnly,
      ...(sandbox ? { sandbox } : {}),
      mcpServers: mcp.servers,
    },
    host,
  );
  onSpawned(conn);
  announceMcpServers(deps, s, conn);
  records.update(sessionId, {
    runtimeHandle: conn.pid === null ? null : String(conn.pid),
    agentCapabilities: conn.agentCapabilities,
    authMethods: conn.authMethods,
    exitCode: null,
  });
  bus.emit('agent.started', records.scope(s), {
    pid: conn.pid,
    command: [template.spawn.command, ...template.spawn.args].join(' '),
    protocolVersion: conn.protocolVersion,
    loadSession: conn.loadSession,
    authMethods: conn.authMethods,
    isolation,
  });
  deps.logs.write(sessionId, 'daemon', `agent started (pid ${conn.pid ?? 'n/a'}; ${isolation.detail})`);
  return conn;
}

/** The session's MCP servers, their secrets known to the redactor, a skipped `.mcp.json` said out loud. */
async function sessionMcpServers(deps: LaunchDeps, s: Session, template: AgentTemplate): Promise<SessionMcpServers> {
  const mcp = await collectMcpServers({ template, project: deps.store.projects.get(s.projectId) ?? undefined, cwd: s.cwd });
  deps.templates.registerSecretValues(mcpSecretValues(mcp.servers));
  for (const message of mcp.warnings) deps.bus.emit('log', deps.records.scope(s), { level: 'warn', message });
  return mcp;
}

/** One line naming the servers the agent gets (names and kinds, never env or headers) and those it cannot take. */
function announceMcpServers(deps: LaunchDeps, s: Session, conn: AgentConnection): void {
  const { passed, leftOut } = conn.mcpServers;
  if (passed.length === 0 && leftOut.length === 0) return;
  const parts = [passed.length > 0 ? `MCP servers passed to the agent: ${describeMcpServers(passed)}` : 'no MCP servers passed to the agent'];
  if (leftOut.length > 0) {
    const why = leftOut.map((l) => `${describeMcpServers([l.server])}: the agent does not declare ${l.missing}`).join('; ');
    parts.push(`left out ${why}`);
  }
  deps.bus.emit('log', deps.records.scope(s), { level: leftOut.length > 0 ? 'warn' : 'info', message: parts.join('; ') });
}

// Agent templates: the built-ins (refreshed at every start so their paths are current) and the
// user's own. Views never show env values, and every env value is registered as a secret.
import type { AgentTemplate, AgentTemplateView, Spawn, TemplateOverrides } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { AddAgentBody } from '../protocol/routes.js';
import type { Store } from '../storage/store.js';
import { builtinTemplates } from '../agents/builtinTemplates.js';
import { findCommand } from '../agents/commandLookup.js';
import type { EventBus } from './eventBus.js';
import { newId, nowIso } from './ids.js';
import { mcpSecretValues, redactMcpServers } from './mcpSecrets.js';
import { applyOverrides, isEmptyOverrides, overridesFromAddBody, redactOverrides } from './templateOverrides.js';

export interface SecretSink {
  add(value: string): void;
}

export class TemplateService {
  /**
   * Secrets handed over by a client (API keys from VS Code's SecretStorage), kept in memory only:
   * never written to the database, a log or an event. A client re-sends them after a daemon restart.
   */
  private readonly memorySecrets = new Map<string, Record<string, string>>();

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly secrets: SecretSink,
    private readonly demoAgentPath: string,
  ) {}

  /** Writes the built-ins over their stored rows; called once at daemon start. */
  installBuiltins(): void {
    const now = nowIso();
    for (const t of builtinTemplates(this.demoAgentPath)) {
      const prior = this.store.templates.get(t.name);
      this.store.templates.upsert({ ...t, id: prior?.id ?? newId(), builtIn: true, createdAt: prior?.createdAt ?? now });
    }
    for (const t of this.store.templates.list()) {
      this.registerSecrets(applyOverrides(t).spawn);
      this.registerSecretValues(mcpSecretValues(t.mcpServers));
    }
  }

  list(): AgentTemplateView[] {
    return this.store.templates.list().map((t) => this.view(applyOverrides(t)));
  }

  get(name: string): AgentTemplate {
    const t = this.store.templates.get(name);
    if (!t) {
      const known = this.store.templates.list().map((x) => x.name).join(', ');
      throw new SwitchboardError('not_found', `no agent template "${name}" (known: ${known})`, 'agent');
    }
    return applyOverrides(t);
  }

  /** Sets a built-in's overrides (replacing earlier ones); it stays the built-in, refreshed at every start. */
  override(name: string, overrides: TemplateOverrides): AgentTemplateView {
    const t = this.get(name);
    if (!t.builtIn) throw new SwitchboardError('invalid_request', `"${name}" is not a built-in template; change it with \`agents add ${name} --command …\``, 'name');
    this.store.templates.setOverrides(name, isEmptyOverrides(overrides) ? undefined : overrides);
    const merged = this.get(name);
    this.registerSecrets(merged.spawn);
    this.bus.emit('template.added', { sessionId: null, projectId: null }, { name });
    return this.view(merged);
  }

  /** Drops a built-in's overrides: it is the shipped definition again. */
  reset(name: string): AgentTemplateView {
    return this.override(name, {});
  }

  add(body: AddAgentBody): AgentTemplateView {
    const prior = this.store.templates.get(body.name);
    if (prior?.builtIn) return this.override(body.name, overridesFromAddBody(body));
    const template: AgentTemplate = {
      id: prior?.id ?? newId(),
      name: body.name,
      description: body.description ?? `${body.command} ${body.args.join(' ')}`.trim(),
      spawn: { command: body.command, args: body.args, env: body.env, ...(body.sandboxedArgs ? { sandboxedArgs: body.sandboxedArgs } : {}) },
      runtime: body.runtime ?? { provider: 'local' },
      builtIn: false,
      ...(body.npmPackage !== undefined ? { npmPackage: body.npmPackage } : {}),
      ...(body.mcpServers !== undefined ? { mcpServers: body.mcpServers } : {}),
      ...(body.defaults !== undefined ? { defaults: body.defaults } : {}),
      createdAt: prior?.createdAt ?? nowIso(),
    };
    this.registerSecrets(template.spawn);
    this.registerSecretValues(mcpSecretValues(template.mcpServers));
    this.store.templates.upsert(template);
    this.bus.emit('template.added', { sessionId: null, projectId: null }, { name: template.name });
    return this.view(template);
  }

  /** Refuses a template whose command is missing, naming the package that provides it. */
  assertInstalled(t: { name: string; spawn: Spawn; npmPackage?: string | undefined; runtime: { provider: string } }): void {
    if (t.runtime.provider !== 'local') return;
    if (findCommand(t.spawn.command, process.env.PATH ?? '') !== null) return;
    throw new SwitchboardError('agent_not_installed', notInstalledMessage(t), 'agent', {
      command: t.spawn.command,
      ...(t.npmPackage ? { npmPackage: t.npmPackage } : {}),
    });
  }

  /** Sets in-memory secret env for a template; answers the variable names it now holds. */
  setMemorySecrets(name: string, env: Record<string, string>): string[] {
    this.get(name); // 404 for an unknown template
    for (const value of Object.values(env)) this.secrets.add(value);
    const merged = { ...this.memorySecrets.get(name), ...env };
    this.memorySecrets.set(name, merged);
    return Object.keys(merged).sort();
  }

  /** The environment an agent of this template starts with: stored env plus in-memory secrets. */
  launchEnv(t: AgentTemplate): Record<string, string> {
    return { ...t.spawn.env, ...this.memorySecrets.get(t.name) };
  }

  registerSecrets(spawn: Spawn): void {
    for (const value of Object.values(spawn.env)) this.secrets.add(value);
  }

  /** Values that must never reach a log (MCP server env and headers, from wherever they came). */
  registerSecretValues(values: readonly string[]): void {
    for (const value of values) this.secrets.add(value);
  }

  private view(t: AgentTemplate): AgentTemplateView {
    const available = t.runtime.provider !== 'local' || findCommand(t.spawn.command, process.env.PATH ?? '') !== null;
    const env = Object.fromEntries(Object.keys(t.spawn.env).map((k) => [k, '***']));
    return {
      ...t,
      spawn: { ...t.spawn, env },
      ...(t.overrides ? { overrides: redactOverrides(t.overrides) } : {}),
      ...(t.mcpServers ? { mcpServers: redactMcpServers(t.mcpServers) } : {}),
      available,
      ...(available ? {} : { installHint: notInstalledMessage(t) }),
    };
  }
}

function notInstalledMessage(t: { name: string; spawn: Spawn; npmPackage?: string | undefined }): string {
  const install = t.npmPackage ? `install it with \`npm install -g ${t.npmPackage}\`` : 'install it or put it on PATH';
  return `the ${t.name} agent needs \`${t.spawn.command}\`, which is not installed: ${install}`;
}

// The daemon's composition root: the one place concrete classes are built and wired.
// `node dist/daemon.cjs [--home DIR] [--port N]` runs it in the foreground; it writes daemon.json
// once it listens and shuts down gracefully on SIGTERM, SIGINT or the shutdown route.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FLEET_FLAGS, parseFleetOptions, type FleetOptions } from './system/fleetOptions.js';
import { LOG_LEVEL_FLAG, parseLogLevel } from './system/logLevelOption.js';
import { DaemonMetrics } from './system/metrics.js';
import { Admission, defaultLimits } from './sessions/admission.js';
import { effectiveProjectConfig } from './sessions/projectConfigs.js';
import { WarmWorktrees } from './sessions/warmWorktrees.js';
import { planIncludes } from './worktrees/worktreePrepare.js';
import { SessionPreparation, type SessionPreparationApi } from './sessions/sessionPreparation.js';
import { PortLeases } from './sessions/portLeases.js';
import { WorktreeHooks } from './sessions/worktreeHooks.js';
import { DiskMeter } from './sessions/diskUsage.js';
import { Retention } from './sessions/retention.js';
import { allWorktreeRoots, storedWorktreePaths, worktreePathForSession } from './sessions/worktreeRoots.js';
import os from 'node:os';
import { probeBwrap } from './agents/bwrapProbe.js';
import { LocalRuntimeProvider } from './agents/localRuntime.js';
import { composeContainers } from './containers/composeContainers.js';
import { reconcileContainers } from './containers/reconcile.js';
import { ApiDocsServer } from './http/apiDocsServer.js';
import { ApiDocsTickets } from './http/apiDocsTickets.js';
import { DesktopServer } from './http/desktopServer.js';
import { combineRawRoutes } from './http/desktopRoutes.js';
import { DesktopTickets } from './http/desktopTickets.js';
import { ProxyServer } from './http/proxyServer.js';
import { createApiServer } from './http/server.js';
import { openApiDocumentOnce } from './http/openApiDocument.js';
import { routeHandlers } from './http/routeHandlers.js';
import { BWRAP_ENV, PORT_ENV, SANDBOX_ENV } from './protocol/discovery.js';
import { SANDBOX_MODES, SandboxModeSchema, type SandboxMode } from './protocol/entities.js';
import { SWITCHBOARD_VERSION } from './protocol/version.js';
import { ArtifactWriter } from './sessions/artifactWriter.js';
import { BudgetGate } from './sessions/budgetGate.js';
import { ComputerChatService } from './sessions/computerChatService.js';
import { EventBus } from './sessions/eventBus.js';
import { HistoryQueries } from './sessions/historyQueries.js';
import { PermissionBroker } from './sessions/permissionBroker.js';
import { ElicitationBroker } from './sessions/elicitationBroker.js';
import { AgentSessionLister } from './sessions/agentSessionLister.js';
import { ProjectService } from './sessions/projectService.js';
import { ProjectRemoval } from './sessions/projectRemoval.js';
import { ArtifactReader } from './sessions/artifactReader.js';
import { recoverSessions } from './sessions/recovery.js';
import { SandboxPolicy } from './sessions/sandboxPolicy.js';
import { ReviewService } from './sessions/reviewService.js';
import { SessionLogs } from './sessions/sessionLog.js';
import { SessionRecords } from './sessions/sessionRecords.js';
import { SessionService } from './sessions/sessionService.js';
import { SessionSettings } from './sessions/sessionSettings.js';
import { TemplateService } from './sessions/templateService.js';
import { UsageQueries } from './sessions/usageQueries.js';
import { AgentLogin } from './sessions/agentLogin.js';
import { UsageRecorder } from './sessions/usageRecorder.js';
import { Store } from './storage/store.js';
import { acquireInstanceLock, InstanceLockedError, writeDiscovery } from './system/instanceLock.js';
import { createLogger, type Logger, type LogLevel } from './system/logger.js';
import { killProcessGroup, waitForExit } from './system/processes.js';
import { Redactor } from './system/redactor.js';
import { ensureStateDir, resolveHome, type StatePaths } from './system/stateDir.js';
import { generateToken } from './system/token.js';
import { checkGitVersion } from './worktrees/gitVersion.js';
import { RepoLocks } from './worktrees/repoLock.js';
import { WorktreeManager } from './worktrees/worktreeManager.js';

const KILL_GRACE_MS = 1000;
const CANCEL_GRACE_MS = 2000;

async function main(): Promise<void> {
  const { home, sandboxMode, requestedPort, fleet, logLevel } = parseOptions();
  const paths = await ensureStateDir(home);
  // An old or missing git would otherwise fail mid-session; say so before anything starts.
  await checkGitVersion();
  const lock = await lockOrExit(home);
  const redactor = new Redactor();
  const logger = createLogger({ file: paths.daemonLog, redactor, level: logLevel });
  const startedAtMs = Date.now();

  const { store, bus, templates, projects, review, containers, sessions, budget, ...parts } = composeDomain({ home, paths, redactor, logger, sandboxMode, fleet });
  const metrics = daemonMetrics({ store, bus, ...parts });

  const { recovered, reconciled } = await recoverOnStart({ home, logger, store, bus, containers, fleet, ...parts });
  // After recovery: sessions left waiting for budget are re-checked now, then on every change.
  budget.start();
  // Sessions left queued start (or wait) again, in the order they were queued.
  sessions.restartQueued();
  for (const job of Object.values(parts.fleetJobs)) job.start();

  let shuttingDown: Promise<void> | null = null;
  const token = generateToken();
  redactor.add(token); // the bearer token must never reach a log line
  const tickets = new DesktopTickets();
  const desktop = new DesktopServer({ tickets, computers: containers.computers, novncDir: novncDir(), logger: logger.child({ component: 'desktop' }) });
  const proxy = new ProxyServer({ token, defaultUser: containers.defaultUser, tickets, forwarders: containers.forwarders, logger: logger.child({ component: 'proxy' }) });
  let baseUrl = '';
  const apiDocs = { tickets: new ApiDocsTickets(), document: openApiDocumentOnce(SWITCHBOARD_VERSION), baseUrl: () => baseUrl };
  const api = createApiServer({
    token,
    feed: bus,
    logger,
    metrics,
    raw: combineRawRoutes(desktop, proxy, new ApiDocsServer({ ...apiDocs, swaggerUiDir: swaggerUiDir() })),
    handlers: routeHandlers({
      history: new HistoryQueries(store, bus),
      usage: new UsageQueries(store, projects),
      // The services composeDomain built that handlers answer from (elicitations, logins, admission…).
      ...parts,
      ...parts.fleetJobs,
      projects,
      templates,
      sessions,
      review,
      metrics,
      apiDocs,
      containers: containerHandlerParts({ store, bus, projects, sessions, containers, tickets, baseUrl: () => baseUrl }),
      version: SWITCHBOARD_VERSION,
      startedAtMs,
      requestShutdown: () => void shutdown('shutdown route'),
    }),
  });
  const port = await api.listen(requestedPort);
  baseUrl = `http://127.0.0.1:${port}`;
  await writeDiscovery(home, { pid: process.pid, port, token, version: SWITCHBOARD_VERSION, startedAt: new Date(startedAtMs).toISOString() });
  bus.emit('daemon.started', { sessionId: null, projectId: null }, { pid: process.pid, version: SWITCHBOARD_VERSION });
  logger.info('daemon started', { port, home, version: SWITCHBOARD_VERSION, logLevel, recovered, reconciled });

  function shutdown(why: string): Promise<void> {
    if (!shuttingDown) {
      shuttingDown = (async () => {
        logger.info('daemon stopping', { why });
        budget.stop();
        for (const job of Object.values(parts.fleetJobs)) job.stop();
        await sessions.shutdown().catch((err: unknown) => logger.error('stopping sessions failed', { err: String(err) }));
        desktop.close();
        proxy.close();
        await api.close().catch(() => undefined);
        store.close();
        await lock.release();
        await logger.close();
        process.exit(0);
      })();
    }
    return shuttingDown;
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('exit', () => lock.releaseSync());
}

/** What the container routes answer from: composeContainers' parts, the computer chat, the desktop tickets. */
function containerHandlerParts({ store, bus, projects, sessions, containers, tickets, baseUrl }: Pick<Domain, 'store' | 'bus' | 'projects' | 'sessions' | 'containers'> & { tickets: DesktopTickets; baseUrl: () => string }) {
  return {
    ...containers,
    chat: new ComputerChatService({ store, bus, projects, sessions, computers: containers.computers, bindings: containers.bindings, defaultUser: containers.defaultUser }),
    tickets,
    baseUrl,
  };
}

/** The metrics registry: its gauges read the domain at scrape time, its counters follow the event bus. */
function daemonMetrics({ store, bus, admission, fleetJobs }: Pick<Domain, 'store' | 'bus' | 'admission' | 'fleetJobs'>): DaemonMetrics {
  const metrics = new DaemonMetrics({
    processMetrics: true,
    sources: {
      sessionsByState: () => store.sessions.countByState(),
      agentsRunning: () => admission.snapshot().running.length,
      // Slot holders are the sessions whose agent may be alive; a local agent's pid is its runtime handle.
      agentPids: () => admission.snapshot().running.flatMap((id) => {
        const pid = Number(store.sessions.get(id)?.runtimeHandle ?? NaN);
        return Number.isInteger(pid) && pid > 0 ? [pid] : [];
      }),
      queuedSessions: () => admission.snapshot().queue.length,
      disk: () => fleetJobs.disk.lastTotal(),
    },
  });
  bus.subscribe((e) => metrics.onEvent(e));
  return metrics;
}

/** The command line and its environment fallbacks. */
function parseOptions(): { home: string; sandboxMode: SandboxMode; requestedPort: number; fleet: FleetOptions; logLevel: LogLevel } {
  const { values } = parseArgs({
    options: { home: { type: 'string' }, port: { type: 'string' }, sandbox: { type: 'string' }, foreground: { type: 'boolean' }, ...FLEET_FLAGS, ...LOG_LEVEL_FLAG },
    strict: true,
  });
  // A bad --sandbox exits before anything else is looked at.
  const sandboxMode = parseSandboxMode(values.sandbox ?? process.env[SANDBOX_ENV]);
  const home = resolveHome({ argv: values.home ? ['--home', values.home] : [] });
  const port = Number(values.port ?? process.env[PORT_ENV] ?? 0);
  return { home, sandboxMode, requestedPort: Number.isInteger(port) ? port : 0, fleet: parseFleetOptions(values), logLevel: parseLogLevel(values['log-level']) };
}

/** One daemon per state dir: a second one says who holds the lock and exits. */
function lockOrExit(home: string): ReturnType<typeof acquireInstanceLock> {
  return acquireInstanceLock(home).catch((err: unknown) => {
    if (InstanceLockedError.is(err)) {
      process.stderr.write(`switchboard daemon: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  });
}

type DomainOptions = { home: string; paths: StatePaths; redactor: Redactor; logger: Logger; sandboxMode: SandboxMode; fleet: FleetOptions };

/** The store, the event bus and every service of the domain, wired through their constructors. */
function composeDomain({ home, paths, redactor, logger, sandboxMode, fleet }: DomainOptions) {
  const store = Store.open(paths.db);
  const bus = new EventBus(store, (err) => logger.error('event subscriber failed', { err: String(err) }));
  // The demo agent bundle sits beside this one in dist/.
  const templates = new TemplateService(store, bus, redactor, path.join(__dirname, 'demo-agent.cjs'));
  templates.installBuiltins();
  const projects = new ProjectService(store, bus, redactor);
  const records = new SessionRecords(store, bus);
  const usage = new UsageRecorder(records);
  // `sessions` is built below; the gate only kicks it once the daemon runs.
  const budget = new BudgetGate({ store, bus, usage, kick: (id) => sessions.runQueued(id) });
  const permissions = new PermissionBroker(store, bus);
  const elicitations = new ElicitationBroker(store, bus, records);
  const repoLocks = new RepoLocks();
  const worktrees = new WorktreeManager(repoLocks);
  const logs = new SessionLogs(paths.sessionLogsDir, redactor);
  const artifacts = new ArtifactWriter(store, bus, worktrees, paths.artifactsDir);
  const settings = new SessionSettings({ records, bus, logs });
  const review = new ReviewService({ store, bus, records, projects, locks: repoLocks });
  review.watchDeletions();
  const localRuntime = new LocalRuntimeProvider();
  const containers = composeContainers({
    home,
    worktreesDir: paths.worktreesDir,
    agentHomesDir: paths.agentHomesDir,
    // The repository's images/ and the demo agent bundle, beside this bundle's dist/.
    imagesDir: path.join(__dirname, '..', 'images'),
    sharedReadOnly: [path.join(__dirname, 'demo-agent.cjs')],
    local: localRuntime,
    emit: (type, scope, payload) => bus.emit(type, scope, payload),
    listProjects: () => store.projects.list(),
    readBindings: () =>
      store.events
        .list({ since: 0, types: ['computer.session_bound'], limit: 1_000_000 })
        .flatMap((e) => (e.type === 'computer.session_bound' ? [{ sessionId: e.sessionId, user: e.payload.user }] : [])),
  });
  const sandboxes = sandboxPolicy({ home, sandboxMode, fleet, store });
  const hooks = new WorktreeHooks({ store, bus, records, logs, templates, runtime: localRuntime, runtimeFor: (template, session) => containers.selector.select(template, session), agentHomesDir: paths.agentHomesDir, sandboxes, graceMs: KILL_GRACE_MS });
  const preparation = new SessionPreparation({ store, bus, records, logs, ports: new PortLeases({ store, bus, records, range: fleet.portRange }), hooks });
  const agentSessions = new AgentSessionLister({ projects, templates, runtime: localRuntime, agentHomesDir: paths.agentHomesDir, sandboxes, home, worktreeRoot: fleet.worktreeRoot });
  const warm = warmWorktrees({ home, fleet, worktrees, logger, bus });
  // It asks `sessions` (built next) to end idle agents, only ever once the daemon runs.
  const admission: Admission = new Admission({ store, bus, defaults: defaultLimits(), forced: fleet.admission, evictIdle: (exclude) => sessions.evictIdle(exclude) });
  const sessions = new SessionService({
    store,
    bus,
    records,
    permissions,
    elicitations,
    agentSessions,
    logs,
    artifacts,
    templates,
    projects,
    worktrees,
    home,
    worktreeRoot: fleet.worktreeRoot,
    warm,
    runtime: localRuntime,
    runtimeFor: (template, session) => containers.selector.select(template, session),
    agentHomesDir: paths.agentHomesDir,
    sandboxes,
    cancelGraceMs: CANCEL_GRACE_MS,
    killGraceMs: KILL_GRACE_MS,
    afterTurn: review.afterTurn,
    usage,
    budgetRefusal: (session) => budget.refusal(session),
    settings,
    preparation,
    admission,
    stallMs: fleet.stallMs,
  });
  // Removing a project goes through the session delete for each of its sessions, and drops its warm spare.
  const projectRemoval = new ProjectRemoval({ store, bus, projects, sessions, warm });
  const artifactReader = new ArtifactReader(store, paths.artifactsDir);
  const fleetJobs = composeFleetJobs({ store, bus, records, worktrees, preparation, projects, sessions, logs, paths, logger });
  const logins = new AgentLogin({ records, bus, templates, sessions, runtime: localRuntime, sandboxes, agentHomesDir: paths.agentHomesDir, killGraceMs: KILL_GRACE_MS });
  return { store, bus, templates, projects, records, permissions, elicitations, agentSessions, worktrees, review, containers, sessions, budget, logins, settings, admission, fleetJobs, projectRemoval, artifactReader };
}

type Domain = ReturnType<typeof composeDomain>;

type FleetJobParts = Pick<Domain, 'store' | 'bus' | 'records' | 'worktrees' | 'projects' | 'sessions'> & {
  preparation: SessionPreparationApi;
  logs: SessionLogs;
  paths: StatePaths;
  logger: Logger;
};

/** Disk measurement and retention: background jobs started after recovery, stopped at shutdown. */
/** What confines local agents: bwrap when it works, with the state dir and every worktree root hidden. */
function sandboxPolicy({ home, sandboxMode, fleet, store }: { home: string; sandboxMode: SandboxMode; fleet: FleetOptions; store: Store }): SandboxPolicy {
  return new SandboxPolicy({
    defaultMode: sandboxMode,
    probe: () => probeBwrap(process.env[BWRAP_ENV] || undefined, process.env.PATH),
    stateDir: home,
    userHome: os.homedir(),
    worktreeRoots: () => allWorktreeRoots(home, fleet.worktreeRoot, store.projects.list(), storedWorktreePaths(store.sessions.list({ includeArchived: true }))),
  });
}

/** Spare worktrees for projects whose config asks for them (`warmWorktree`). */
function warmWorktrees({ home, fleet, worktrees, logger, bus }: { home: string; fleet: FleetOptions; worktrees: WorktreeManager; logger: Logger; bus: EventBus }): WarmWorktrees {
  return new WarmWorktrees({
    worktrees,
    projectDir: (project) => path.dirname(worktreePathForSession({ home, daemonRoot: fleet.worktreeRoot, project, sessionId: 'x' })),
    plan: async (project) => planIncludes(project.repoPath, await effectiveProjectConfig(project)),
    onError: (message) => logger.warn(message),
    onReady: (project, message) => bus.emit('log', { sessionId: null, projectId: project.id }, { level: 'info', message }),
  });
}

function composeFleetJobs({ store, bus, records, worktrees, preparation, projects, sessions, logs, paths, logger }: FleetJobParts): { disk: DiskMeter; retention: Retention } {
  const onError = (what: string, err: unknown) => logger.warn(what, { err: err instanceof Error ? err.message : JSON.stringify(err) });
  const disk = new DiskMeter({ store, bus, artifactsDir: paths.artifactsDir, logPathOf: (id) => logs.pathOf(id), session: (id) => records.get(id), onError });
  const retention = new Retention({ store, bus, worktrees, preparation, disk, project: (p) => projects.get(p), archive: (id) => sessions.archive(id), onError });
  return { disk, retention };
}

/**
 * Makes the state truthful after a crash or kill: leftover agents ended, sessions closed, orphan
 * worktrees pruned, containers reconciled. Runs before the daemon listens, so no start races it.
 */
async function recoverOnStart({
  home,
  logger,
  store,
  bus,
  records,
  permissions,
  elicitations,
  worktrees,
  containers,
  fleet,
}: Pick<Domain, 'store' | 'bus' | 'records' | 'permissions' | 'elicitations' | 'worktrees' | 'containers'> & { home: string; logger: Logger; fleet: FleetOptions }) {
  const recovered = await recoverSessions({
    store,
    bus,
    records,
    permissions,
    elicitations,
    killProcessGroup: async (pid) => {
      await killProcessGroup(pid, 'SIGTERM');
      if (!(await waitForExit(pid, KILL_GRACE_MS))) await killProcessGroup(pid, 'SIGKILL');
    },
  });
  // Under every root a worktree may be in: the state dir's, the daemon's, each project's.
  const roots = allWorktreeRoots(home, fleet.worktreeRoot, store.projects.list(), storedWorktreePaths(store.sessions.list({ includeArchived: true })));
  for (const root of roots) await pruneOrphanWorktrees(store, worktrees, root, logger);
  // After recovery, so session states are truthful; before listening, so no start races it.
  const reconciled = await reconcileContainers({
    engine: containers.engine,
    home,
    emit: (type, scope, payload) => bus.emit(type, scope, payload),
    docker: containers.docker,
    computers: containers.computers,
    sessionState: (id) => store.sessions.get(id)?.state ?? null,
    interrupted: new Set(recovered.interruptedSessions),
  }).catch((err: unknown) => {
    logger.error('reconciling containers failed', { err: String(err) });
    return null;
  });
  return { recovered, reconciled };
}

/** `--sandbox` / SWITCHBOARD_SANDBOX: the sandbox of templates that name none; `auto` by default. */
function parseSandboxMode(raw: string | undefined): SandboxMode {
  if (raw === undefined || raw === '') return 'auto';
  const parsed = SandboxModeSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  process.stderr.write(`switchboard daemon: --sandbox (or ${SANDBOX_ENV}) must be one of ${SANDBOX_MODES.join(', ')}; got "${raw}"\n`);
  process.exit(2);
}

/** Swagger UI for the API docs page: copied beside the bundle by esbuild.mjs, else the installed package. */
function swaggerUiDir(): string {
  const packaged = path.join(__dirname, 'swagger-ui');
  return fs.existsSync(path.join(packaged, 'swagger-ui-bundle.js')) ? packaged : path.join(__dirname, '..', 'node_modules', 'swagger-ui-dist');
}

/** noVNC's library: copied beside the bundle when packaged, else the installed package. */
function novncDir(): string {
  const packaged = path.join(__dirname, 'novnc');
  return fs.existsSync(path.join(packaged, 'core', 'rfb.js')) ? packaged : path.join(__dirname, '..', 'node_modules', '@novnc', 'novnc');
}

/** Worktrees under our root that no session owns (left by a crash between create and insert). */
async function pruneOrphanWorktrees(
  store: Store,
  worktrees: WorktreeManager,
  root: string,
  logger: { warn: (m: string, f?: Record<string, unknown>) => void },
): Promise<void> {
  const keep = store.sessions
    .list({ includeArchived: true })
    .map((s) => s.worktreePath)
    .filter((p): p is string => p !== null);
  for (const project of store.projects.list()) {
    const removed = await worktrees.pruneOrphans(project.repoPath, keep, root).catch((err: unknown) => {
      logger.warn('pruning orphan worktrees failed', { project: project.slug, err: String(err) });
      return [] as string[];
    });
    if (removed.length > 0) logger.warn('removed orphan worktrees', { project: project.slug, removed });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`switchboard daemon: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

// The daemon's metrics in the Prometheus text format (`GET /api/v1/metrics`), on a registry of its
// own — never prom-client's global one, so several daemons or tests in one process never mix.
// Gauges are read at scrape time from the sources the composition root hands in (collect
// callbacks: nothing is kept in step by hand); counters and histograms are fed where things happen:
// the event bus (events, turns), the HTTP pipeline (requests), the stream feeds (subscribers,
// replays) and the git runner's diagnostics channel (git operations). docs/api.md lists them.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SwitchboardEvent } from '../protocol/events.js';
import { subscribeGitRuns } from './metricsChannels.js';
import { groupResidentBytes } from './metricsProcessMemory.js';

/** What the gauges read at scrape time; each a cheap read of state the daemon already holds. */
export interface MetricSources {
  /** Sessions in each state (every state, zero for none). */
  sessionsByState(): Record<string, number>;
  /** Admission slots held: agents alive or being started (setup included). */
  agentsRunning(): number;
  /** The process-group leaders of the local agents alive now (container agents have none). */
  agentPids(): number[];
  /** Sessions waiting in the admission queue. */
  queuedSessions(): number;
  /** The last background disk measurement of every session (DiskMeter; never measured on a scrape). */
  disk(): { totalBytes: number; measuredAt: string | null };
}

export interface MetricsOptions {
  sources: MetricSources;
  /**
   * prom-client's process and Node.js metrics (CPU, resident memory, open fds, event-loop lag,
   * GC, heap) on this registry. Cheap, but they install process-wide observers that are never
   * removed: the daemon turns them on, tests that build several registries leave them off.
   */
  processMetrics?: boolean;
}

export type StreamTransport = 'ws' | 'sse';

const TURN_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];
const GIT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Methods outside this set are counted as `other`: a client picks the method, a label must stay bounded. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const TRANSPORTS: readonly StreamTransport[] = ['ws', 'sse'];
/**
 * prom-client's default metrics that are gauges named `…_total`, which Prometheus' own lint
 * (`promtool check metrics`) refuses; `nodejs_active_handles` and the others by type say the same.
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export class DaemonMetrics {
  private readonly registry = new Registry();
  private readonly events = new Counter({ name: 'switchboard_events_appended_total', help: 'Events appended to the event log, by type.', labelNames: ['type'], registers: [this.registry] });
  private readonly requests = new Counter({
    name: 'switchboard_http_requests_total',
    help: 'HTTP requests answered, by method, route name (never the path) and status class (`none`: the client left before an answer).',
    labelNames: ['method', 'route', 'status_class'],
    registers: [this.registry],
  });
  private readonly turns = new Histogram({
    name: 'switchboard_turn_duration_seconds',
    help: 'Duration of turns from turn.started to turn.ended, by outcome (completed, cancelled, failed).',
    labelNames: ['outcome'],
    buckets: TURN_BUCKETS,
    registers: [this.registry],
  });
  private readonly git = new Histogram({ name: 'switchboard_git_operation_duration_seconds', help: 'Duration of git runs, by subcommand.', labelNames: ['operation'], buckets: GIT_BUCKETS, registers: [this.registry] });
  private readonly subscribers = new Gauge({ name: 'switchboard_stream_subscribers', help: 'Event stream subscribers connected now, by transport (ws, sse).', labelNames: ['transport'], registers: [this.registry] });
  private readonly replays = new Counter({ name: 'switchboard_stream_replays_total', help: 'Backlog replays served to stream subscribers, by transport.', labelNames: ['transport'], registers: [this.registry] });
  private readonly replayedEvents = new Counter({ name: 'switchboard_stream_replayed_events_total', help: 'Stored events sent to stream subscribers while replaying a backlog, by transport.', labelNames: ['transport'], registers: [this.registry] });
  private readonly turnClock = new TurnClock();
  private readonly stopGit: () => void;

  constructor(opts: MetricsOptions) {
    sourceGauges(this.registry, opts.sources);
    for (const t of TRANSPORTS) {
      this.subscribers.set({ transport: t }, 0);
      this.replays.inc({ transport: t }, 0);
      this.replayedEvents.inc({ transport: t }, 0);
    }
    if (opts.processMetrics) {
      collectDefaultMetrics({ register: this.registry });
      for (const name of MISNAMED_DEFAULTS) this.registry.removeSingleMetric(name);
    }
    this.stopGit = subscribeGitRuns((run) => this.git.observe({ operation: run.operation }, run.seconds));
  }

  /** The exposition's content type (`text/plain; version=0.0.4`). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the text exposition format, gauges read now. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Called for every event the bus appends (it broadcasts each one after storing it). */
  onEvent(e: SwitchboardEvent): void {
    this.events.inc({ type: e.type });
    const turn = this.turnClock.onEvent(e);
    if (turn) this.turns.observe({ outcome: turn.outcome }, turn.seconds);
  }

  /** One answered (or abandoned: `status` null) HTTP request; `route` is a route name or a fixed word, never a path. */
  requestAnswered(r: { method: string | undefined; route: string; status: number | null }): void {
    const method = r.method && METHODS.has(r.method) ? r.method : 'other';
    const statusClass = r.status !== null && r.status >= 100 && r.status < 600 ? `${Math.floor(r.status / 100)}xx` : 'none';
    this.requests.inc({ method, route: r.route, status_class: statusClass });
  }

  /** A stream subscriber connected; call the answer once when it leaves. */
  streamOpened(transport: StreamTransport): () => void {
    this.subscribers.inc({ transport });
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.subscribers.dec({ transport });
    };
  }

  /** One backlog replay served, `events` of them sent. */
  replayed(transport: StreamTransport, events: number): void {
    this.replays.inc({ transport });
    this.replayedEvents.inc({ transport }, events);
  }

  /** Stops listening to git runs (the registry itself holds no timers of ours). */
  close(): void {
    this.stopGit();
  }
}

/** The gauges read at scrape time. */
function sourceGauges(registry: Registry, sources: MetricSources): void {
  const registers = [registry];
  new Gauge({
    name: 'switchboard_sessions',
    help: 'Sessions in each state.',
    labelNames: ['state'],
    registers,
    collect() {
      for (const [state, n] of Object.entries(sources.sessionsByState())) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'switchboard_agents_running',
    help: 'Agents alive or being started (admission slots held).',
    registers,
    collect() {
      this.set(sources.agentsRunning());
    },
  });
  new Gauge({
    name: 'switchboard_agent_resident_memory_bytes',
    help: 'Resident memory (VmRSS) of the local agents, summed over each agent process group; Linux only, container agents not included.',
    registers,
    async collect() {
      const bytes = await groupResidentBytes(sources.agentPids());
      if (bytes !== null) this.set(bytes);
    },
  });
  new Gauge({
    name: 'switchboard_admission_queue_length',
    help: 'Sessions queued for an admission slot.',
    registers,
    collect() {
      this.set(sources.queuedSessions());
    },
  });
  diskGauges(registers, sources);
}

/** Disk use as last measured in the background; no sample until the first measurement. */
function diskGauges(registers: Registry[], sources: MetricSources): void {
  new Gauge({
    name: 'switchboard_disk_used_bytes',
    help: "Disk used by sessions (worktrees, artifacts, logs) at the last background measurement, counted as du counts (a file hard-linked into several worktrees once).",
    registers,
    collect() {
      const disk = sources.disk();
      if (disk.measuredAt !== null) this.set(disk.totalBytes);
    },
  });
  new Gauge({
    name: 'switchboard_disk_measured_timestamp_seconds',
    help: 'When switchboard_disk_used_bytes was measured (Unix time).',
    registers,
    collect() {
      const at = sources.disk().measuredAt;
      if (at !== null) this.set(Date.parse(at) / 1000);
    },
  });
}

/**
 * Turn durations from the event log's own times: turn.started opens a turn, turn.ended closes it.
 * A turn that started before this daemon (ended by recovery) was not timed here and is left out.
 */
class TurnClock {
  private readonly open = new Map<string, { sessionId: string | null; startedMs: number }>();

  onEvent(e: SwitchboardEvent): { seconds: number; outcome: 'completed' | 'cancelled' | 'failed' } | null {
    if (e.type === 'turn.started') this.open.set(e.payload.turnId, { sessionId: e.sessionId, startedMs: Date.parse(e.time) });
    if (e.type === 'session.deleted') {
      for (const [id, t] of this.open) if (t.sessionId === e.sessionId) this.open.delete(id);
    }
    if (e.type !== 'turn.ended') return null;
    const started = this.open.get(e.payload.turnId);
    if (!started) return null;
    this.open.delete(e.payload.turnId);
    const outcome = e.payload.error !== null ? 'failed' : e.payload.stopReason === 'cancelled' ? 'cancelled' : 'completed';
    return { seconds: Math.max(0, Date.parse(e.time) - started.startedMs) / 1000, outcome };
  }
}

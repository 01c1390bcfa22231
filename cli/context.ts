// What every command gets: output, the state dir, `--json`, and a typed client for the daemon
// named by the discovery file. Commands stay thin: call the client, print the answer.
import { daemonBaseUrl, type SwitchboardClient } from '../daemon/protocol/client.js';
import type { Discovery } from '../daemon/protocol/discovery.js';
import { EventStream, type EventStreamOptions, type StreamEndpoint } from '../daemon/protocol/eventStream.js';
import { clientFor } from '../client/daemonProbe.js';
import { readDiscovery } from '../client/discoveryFile.js';
import { DaemonWebSocket } from './daemonWebSocket.js';
import { notRunning } from './discovery.js';
import type { Io } from './io.js';

export interface ContextOptions {
  io: Io;
  home: string;
  json: boolean;
  /** The folder holding the CLI bundle; the daemon bundle sits next to it. */
  cliDir: string;
  /** Per-request deadline for the typed client. */
  timeoutMs?: number;
}

export type StreamOptions = Omit<EventStreamOptions, 'url' | 'token' | 'WebSocketImpl' | 'resolveEndpoint'>;

export class CommandContext {
  readonly io: Io;
  readonly home: string;
  readonly json: boolean;
  readonly cliDir: string;
  readonly #timeoutMs: number | undefined;
  #client: SwitchboardClient | null = null;

  constructor(opts: ContextOptions) {
    this.io = opts.io;
    this.home = opts.home;
    this.json = opts.json;
    this.cliDir = opts.cliDir;
    this.#timeoutMs = opts.timeoutMs;
  }

  /** Writes one line (or several) to stdout. */
  out(text = ''): void {
    this.io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }

  printJson(value: unknown): void {
    this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One JSON value per line, for streams (`events --follow --json`). */
  printJsonLine(value: unknown): void {
    this.io.stdout(`${JSON.stringify(value)}\n`);
  }

  discovery(): Discovery | null {
    return readDiscovery(this.home);
  }

  /** The client for the running daemon; without a discovery file, the plain "not running" error. */
  client(): SwitchboardClient {
    if (this.#client) return this.#client;
    const d = this.discovery();
    if (!d) throw notRunning();
    this.#client = clientFor(d, this.#timeoutMs);
    return this.#client;
  }

  /** An event stream that follows the daemon across restarts by re-reading the discovery file. */
  openStream(opts: StreamOptions): EventStream {
    const d = this.discovery();
    if (!d) throw notRunning();
    const endpointOf = (x: Discovery): StreamEndpoint => ({ url: daemonBaseUrl(x.port), token: x.token });
    return new EventStream({
      ...opts,
      ...endpointOf(d),
      WebSocketImpl: DaemonWebSocket,
      resolveEndpoint: () => {
        const now = this.discovery();
        if (!now) throw notRunning();
        return endpointOf(now);
      },
    });
  }
}

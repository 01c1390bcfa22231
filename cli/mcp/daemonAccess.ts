// How `switchboard mcp` reaches the daemon. Usually through the state dir's discovery file, read
// again at every call: the server lives as long as its MCP client (a VS Code window, an agent), and
// the daemon may restart meanwhile on a new port with a new token. An agent in a Switchboard
// sandbox cannot see the state dir, so a server started there is told the address in its
// environment instead (SWITCHBOARD_DAEMON_PORT and SWITCHBOARD_DAEMON_TOKEN, see docs/mcp.md).
import { SwitchboardClient, daemonBaseUrl } from '../../daemon/protocol/client.js';
import { EventStream, type StreamEndpoint } from '../../daemon/protocol/eventStream.js';
import { readDiscovery } from '../../client/discoveryFile.js';
import type { StreamOptions } from '../context.js';
import { DaemonWebSocket } from '../daemonWebSocket.js';
import { notRunning } from '../discovery.js';

export const DAEMON_PORT_ENV = 'SWITCHBOARD_DAEMON_PORT';
export const DAEMON_TOKEN_ENV = 'SWITCHBOARD_DAEMON_TOKEN';

interface Endpoint {
  port: number;
  token: string;
}

/** The daemon named by the environment, when both variables are set (a bad port is a mistake to say, not to ignore). */
export function endpointFromEnv(env: Record<string, string | undefined>): Endpoint | null {
  const port = env[DAEMON_PORT_ENV]?.trim();
  const token = env[DAEMON_TOKEN_ENV]?.trim();
  if (!port || !token) return null;
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new Error(`${DAEMON_PORT_ENV} must be a port number (1-65535), not "${port}"`);
  }
  return { port: Number(port), token };
}

export class DaemonAccess {
  readonly #home: string;
  readonly #fixed: Endpoint | null;
  readonly #timeoutMs: number | undefined;
  #cached: { key: string; client: SwitchboardClient } | null = null;

  constructor(opts: { home: string; env: Record<string, string | undefined>; timeoutMs?: number }) {
    this.#home = opts.home;
    this.#fixed = endpointFromEnv(opts.env);
    this.#timeoutMs = opts.timeoutMs;
  }

  /** The daemon's address now; the "not running" error when nothing names one. */
  endpoint(): Endpoint {
    if (this.#fixed) return this.#fixed;
    const d = readDiscovery(this.#home);
    if (!d) throw notRunning();
    return { port: d.port, token: d.token };
  }

  /** A typed client for the daemon named now; kept while the daemon stays the same. */
  client(): SwitchboardClient {
    const e = this.endpoint();
    const key = `${e.port}:${e.token}`;
    if (this.#cached?.key !== key) {
      const client = new SwitchboardClient({ baseUrl: daemonBaseUrl(e.port), token: e.token, ...(this.#timeoutMs !== undefined ? { timeoutMs: this.#timeoutMs } : {}) });
      this.#cached = { key, client };
    }
    return this.#cached.client;
  }

  /** An event stream that follows the daemon across restarts (the address is asked again before each reconnect). */
  openStream(opts: StreamOptions): EventStream {
    const streamEndpoint = (): StreamEndpoint => {
      const e = this.endpoint();
      return { url: daemonBaseUrl(e.port), token: e.token };
    };
    return new EventStream({ ...opts, ...streamEndpoint(), WebSocketImpl: DaemonWebSocket, resolveEndpoint: streamEndpoint });
  }
}

// The one dockerode client of the daemon, and the translation of its failures into ContainerErrors.
// dockerode reads DOCKER_HOST itself (unix://, tcp:// with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH,
// ssh://), so an engine on another machine works the same way as the local socket.
import Docker from 'dockerode';
import { ContainerError } from './errors.js';

const DEFAULT_SOCKETS = '/var/run/docker.sock (or ~/.docker/run/docker.sock)';
const PING_TIMEOUT_MS = 3_000;

export interface EngineTarget {
  /** What we tried, in words a person can act on. */
  description: string;
  /** True when the engine is reached through a local unix socket (bind-mounted sockets work). */
  local: boolean;
}

export function engineTarget(env: NodeJS.ProcessEnv): EngineTarget {
  const host = env.DOCKER_HOST;
  if (!host) return { description: `the default socket ${DEFAULT_SOCKETS}; set DOCKER_HOST to use another engine`, local: true };
  return { description: `DOCKER_HOST=${host}`, local: host.startsWith('unix://') };
}

export class DockerEngine {
  readonly target: EngineTarget;
  private client: Docker | null = null;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.target = engineTarget(env);
  }

  /** The client; throws `invalid` for a malformed DOCKER_HOST (dockerode checks it when built). */
  get docker(): Docker {
    if (!this.client) {
      try {
        this.client = new Docker();
      } catch (err) {
        throw new ContainerError('invalid', `cannot use ${this.target.description}: ${messageOf(err)}`, { cause: err });
      }
    }
    return this.client;
  }

  /** Resolves with the engine's version; `engine_unreachable` (naming what was tried) otherwise. */
  async ping(timeoutMs = PING_TIMEOUT_MS): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const v = await Promise.race([this.docker.version(), timeout]);
      return v.Version;
    } catch (err) {
      throw this.unreachable(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A dockerode failure as a ContainerError; `doing` says what we were at ("creating the container"). */
  fail(err: unknown, doing: string): ContainerError {
    if (ContainerError.is(err)) return err;
    const code = (err as NodeJS.ErrnoException | null)?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EACCES' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT') {
      return this.unreachable(err);
    }
    const status = (err as { statusCode?: number } | null)?.statusCode;
    const reason = status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'engine_failed';
    return new ContainerError(reason, `${doing}: ${engineMessage(err)}`, { cause: err });
  }

  private unreachable(err: unknown): ContainerError {
    return new ContainerError('engine_unreachable', `no Docker engine answers at ${this.target.description} (${messageOf(err)})`, { cause: err });
  }
}

/** The engine's own message (`json.message`) when it sent one, else the error's. */
export function engineMessage(err: unknown): string {
  const json = (err as { json?: unknown } | null)?.json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message;
  }
  return messageOf(err);
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// The typed HTTP client used by the CLI, the tests and the extension. Every call is built from a
// ROUTES descriptor and every answer is parsed with that route's response schema, so callers
// never spell a path and never trust an unchecked body. This folder imports only zod: the
// transport is the global `fetch` (Node 20 and the VS Code extension host both have it).
import { ERROR_STATUS, ErrorBodySchema, SwitchboardError, type ErrorCode } from './errors.js';
import {
  ROUTES,
  buildPath,
  type RouteDescriptor,
  type RouteInput,
  type RouteName,
  type RouteResponse,
} from './routes.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface SwitchboardClientOptions {
  /** `http://127.0.0.1:<port>`; see `daemonBaseUrl`. */
  baseUrl: string;
  token: string;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Per-request deadline; defaults to `DEFAULT_TIMEOUT_MS`. */
  timeoutMs?: number;
}

/** One method per route, named after it: `client.api.getSession({ params: { id } })`. */
export type RouteMethods = {
  [K in RouteName]: (input?: Partial<RouteInput<K>>) => Promise<RouteResponse<K>>;
};

/** The daemon only listens on loopback; clients build its address from the discovered port. */
export function daemonBaseUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/**
 * An error the daemon answered with. The code comes from the body; the HTTP status is kept as
 * received, because a daemon newer than this client may use codes this client does not know.
 */
export class DaemonResponseError extends SwitchboardError {
  readonly #httpStatus: number;

  constructor(
    code: ErrorCode,
    message: string,
    httpStatus: number,
    field?: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, field, details);
    this.name = 'DaemonResponseError';
    this.#httpStatus = httpStatus;
  }

  override get status(): number {
    return this.#httpStatus;
  }
}

/** Nothing answered at the address: the daemon is not running (or not there any more). */
export class DaemonUnreachableError extends SwitchboardError {
  constructor(
    readonly url: string,
    readonly causeMessage: string,
  ) {
    super('unavailable', `daemon not reachable at ${url} (${causeMessage})`, undefined, { url });
    this.name = 'DaemonUnreachableError';
  }
}

const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

export class SwitchboardClient {
  readonly baseUrl: string;
  readonly api: RouteMethods;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(opts: SwitchboardClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.#token = opts.token;
    // Bound so a caller's `fetch` keeps its receiver (the global one requires it in browsers).
    this.#fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const api: Partial<Record<RouteName, unknown>> = {};
    for (const name of ROUTE_NAMES) {
      api[name] = (input?: Partial<RouteInput<RouteName>>) => this.call(name, input);
    }
    this.api = api as RouteMethods;
  }

  async call<K extends RouteName>(name: K, input: Partial<RouteInput<K>> = {}): Promise<RouteResponse<K>> {
    const route: RouteDescriptor = ROUTES[name];
    const params = (input.params ?? {}) as Record<string, string>;
    const url = new URL(buildPath(route.path, params), `${this.baseUrl}/`);
    appendQuery(url, input.query);

    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#token}`,
      accept: route.contentType ?? 'application/json',
    };
    let body: string | undefined;
    if (route.method === 'POST' || route.method === 'PATCH') {
      // Routes without a body accept `{}` as well as nothing; `{}` is what every parser reads.
      body = JSON.stringify(input.body ?? {});
      headers['content-type'] = 'application/json';
    }

    let res: Response;
    try {
      res = await this.#fetch(url, {
        method: route.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      throw transportError(err, this.baseUrl, this.#timeoutMs);
    }

    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw transportError(err, this.baseUrl, this.#timeoutMs);
    }
    if (!res.ok) throw errorFromResponse(res.status, text);

    // A route that declares its content type answers text (its response schema is a string).
    let json: unknown = text;
    if (route.contentType === undefined) {
      try {
        json = text.length === 0 ? undefined : JSON.parse(text);
      } catch {
        throw new SwitchboardError('internal', `the daemon answered ${name} with something that is not JSON`);
      }
    }
    const parsed = route.response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      throw new SwitchboardError(
        'internal',
        `the daemon's answer to ${name} does not match the protocol (${where}${issue?.message ?? 'invalid'}); are the daemon and this client the same version?`,
        issue ? issue.path.map(String).join('.') || undefined : undefined,
      );
    }
    return parsed.data as RouteResponse<K>;
  }
}

/** Query values: undefined is skipped, arrays are comma-joined (the routes split on commas). */
function appendQuery(url: URL, query: unknown): void {
  if (query === null || typeof query !== 'object') return;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    url.searchParams.set(key, Array.isArray(value) ? value.map(String).join(',') : String(value));
  }
}

function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_STATUS, code);
}

/** For bodies without a known code: the first code that maps to the status, else `internal`. */
function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).find(([, s]) => s === status);
  return match ? match[0] : 'internal';
}

/** Exported for the stream client and tests: an HTTP error answer as a typed error. */
export function errorFromResponse(status: number, text: string): DaemonResponseError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const body = ErrorBodySchema.safeParse(json);
  if (body.success) {
    const { code, message, field, details } = body.data.error;
    if (isErrorCode(code)) return new DaemonResponseError(code, message, status, field, details);
    return new DaemonResponseError(codeForStatus(status), message, status, field, { ...details, remoteCode: code });
  }
  const snippet = text.trim().slice(0, 200);
  return new DaemonResponseError(
    codeForStatus(status),
    `the daemon answered HTTP ${status}${snippet ? `: ${snippet}` : ''}`,
    status,
  );
}

function transportError(err: unknown, baseUrl: string, timeoutMs: number): SwitchboardError {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new SwitchboardError('unavailable', `the daemon at ${baseUrl} did not answer within ${timeoutMs} ms`);
  }
  return new DaemonUnreachableError(baseUrl, describeCause(err));
}

/** undici hides the useful part (ECONNREFUSED…) in `cause`. */
function describeCause(err: unknown): string {
  if (err instanceof Error) {
    const cause: unknown = err.cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      return typeof code === 'string' ? code : cause.message;
    }
    return err.message;
  }
  return String(err);
}

// Matches a method and path against the route descriptors in the protocol. Paths come from
// ROUTES only, so adding a route there is all it takes to serve it (given a handler).
import { SwitchboardError } from '../protocol/errors.js';
import { ROUTES, type RouteName } from '../protocol/routes.js';

export type RouteMatch =
  | { kind: 'route'; name: RouteName; params: Record<string, string> }
  /** The path exists but not for this method; `allow` lists the methods it has. */
  | { kind: 'wrong_method'; allow: string[] }
  | { kind: 'none' };

interface CompiledRoute {
  name: RouteName;
  method: string;
  /** A literal segment, or `{ param }` for a `:name` placeholder. */
  segments: Array<string | { param: string }>;
  literalCount: number;
}

function compile(name: RouteName, method: string, path: string): CompiledRoute {
  const segments = path
    .split('/')
    .slice(1)
    .map((s) => (s.startsWith(':') ? { param: s.slice(1) } : s));
  return { name, method, segments, literalCount: segments.filter((s) => typeof s === 'string').length };
}

export type Router = (method: string, pathname: string) => RouteMatch;

export function createRouter(): Router {
  const compiled = (Object.keys(ROUTES) as RouteName[])
    .map((name) => compile(name, ROUTES[name].method, ROUTES[name].path))
    // More literal segments first, so `/sessions/new` would win over `/sessions/:id`.
    .sort((a, b) => b.literalCount - a.literalCount);

  return (method, pathname) => {
    const parts = pathname.split('/').slice(1);
    const allow: string[] = [];
    for (const route of compiled) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'route', name: route.name, params };
      if (!allow.includes(route.method)) allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'wrong_method', allow } : { kind: 'none' };
  };
}

function matchSegments(segments: CompiledRoute['segments'], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const part = parts[i] ?? '';
    if (typeof seg === 'string') {
      if (seg !== part) return null;
      continue;
    }
    if (seg === undefined || part === '') return null;
    params[seg.param] = decodeSegment(part);
  }
  return params;
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new SwitchboardError('invalid_request', `malformed percent-encoding in the path: ${part}`);
  }
}

/**
 * Splits a request target into path and query by hand: `new URL(target, base)` would read
 * `//host/x` as another host, and the target is not ours to trust.
 */
export function splitTarget(target: string | undefined): { pathname: string; query: URLSearchParams } {
  const raw = target ?? '/';
  const q = raw.indexOf('?');
  const pathname = q === -1 ? raw : raw.slice(0, q);
  return { pathname, query: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)) };
}

/** Query parameters as a plain object for zod; when a key repeats, the last value wins. */
export function queryObject(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries(query.entries());
}

// The daemon's raw (non-JSON) routes as one RawRoutes for the server: the desktop and the port proxy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawRoutes } from './server.js';

export function combineRawRoutes(...parts: RawRoutes[]): RawRoutes {
  const owner = (pathname: string): RawRoutes | undefined => parts.find((p) => p.owns(pathname));
  return {
    owns: (pathname) => owner(pathname) !== undefined,
    request: (req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams) =>
      (owner(pathname) as RawRoutes).request(req, res, pathname, query),
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string, query: URLSearchParams) =>
      (owner(pathname) as RawRoutes).upgrade(req, socket, head, pathname, query),
  };
}

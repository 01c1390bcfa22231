// What the HTTP layer calls once a request is authenticated, routed and validated. The daemon's
// composition root (daemon/main.ts) supplies the implementation; this layer never reaches past it.
import type { RouteBody, RouteName, RouteParams, RouteQuery, RouteResponse } from '../protocol/routes.js';

export type ApiHandlers = {
  [K in RouteName]: (input: {
    params: RouteParams<K>;
    query: RouteQuery<K>;
    body: RouteBody<K>;
  }) => Promise<RouteResponse<K>> | RouteResponse<K>;
};

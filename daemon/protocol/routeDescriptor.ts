// The shape of a route descriptor and the small schema pieces routes share. Feature route files
// (reviewRoutes.ts, containerRoutes.ts) build their descriptors with `route()` and are spread into
// ROUTES in routes.ts.
import { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDescriptor<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Path with `:name` placeholders matching the keys of `params`. */
  path: string;
  params: P;
  query: Q;
  body: B;
  response: R;
  /**
   * Set for the few routes whose answer is not JSON (the metrics' text exposition): the server
   * sends the handler's string as it is with this content type, and the typed client hands the
   * text back (checked against `response`, a string schema) instead of parsing JSON.
   */
  contentType?: string;
}

const none = z.object({}).strict();
const noBody = z.undefined().or(z.object({}).strict());

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(r: {
  method: Method;
  path: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  contentType?: string;
}): RouteDescriptor<P, Q, B, R> {
  return {
    method: r.method,
    path: r.path,
    params: (r.params ?? none) as P,
    query: (r.query ?? z.object({})) as Q,
    body: (r.body ?? noBody) as B,
    response: r.response,
    ...(r.contentType !== undefined ? { contentType: r.contentType } : {}),
  };
}

/** Query-string booleans: only these spellings, so `?all=false` does not mean true. */
export const queryBool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

export const nonEmpty = z.string().trim().min(1, 'must not be empty');

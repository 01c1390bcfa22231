// The metrics route (`GET /api/v1/metrics`): the registry's text exposition, gauges read at this
// scrape. Authenticated like every route; the pipeline sends it as text (the route's contentType).
import type { ApiHandlers } from './handlers.js';

/** What the route needs from the composition root (daemon/system/metrics.ts `DaemonMetrics`). */
export interface MetricsHandlerDeps {
  metrics: { render(): Promise<string> };
}

export function metricsHandlers(d: MetricsHandlerDeps): Pick<ApiHandlers, 'metrics'> {
  return { metrics: () => d.metrics.render() };
}

// Handlers of the fleet routes (FLEET_ROUTES in daemon/protocol/fleetRoutes.ts): admission,
// retention and prune, a session's disk use, a project's effective config.
import type { FLEET_ROUTES } from '../protocol/fleetRoutes.js';
import type { AdmissionApi } from '../sessions/admissionApi.js';
import type { DiskMeter } from '../sessions/diskUsage.js';
import { effectiveProjectConfig } from '../sessions/projectConfigs.js';
import type { ProjectService } from '../sessions/projectService.js';
import type { Retention } from '../sessions/retention.js';
import type { ApiHandlers } from './handlers.js';

/** What the fleet handlers need from the composition root. */
export interface FleetHandlerDeps {
  admission: AdmissionApi;
  retention: Retention;
  disk: DiskMeter;
  projects: ProjectService;
}

export function fleetHandlers(d: FleetHandlerDeps): Pick<ApiHandlers, keyof typeof FLEET_ROUTES> {
  return {
    getAdmission: () => d.admission.snapshot(),
    updateAdmission: ({ body }) => d.admission.setLimits(body),
    getRetention: () => d.retention.policy(),
    updateRetention: ({ body }) => d.retention.setPolicy(body),
    prune: ({ body }) => d.retention.prune(body),
    sessionDisk: async ({ params }) => ({ disk: await d.disk.measureById(params.id) }),
    getProjectConfig: ({ params }) => effectiveProjectConfig(d.projects.get(params.project)),
  };
}

// Handlers of the fleet routes (FLEET_ROUTES in daemon/protocol/fleetRoutes.ts): admission,
// retention and prune, a session's disk use, a project's effective config.
import type { FLEET_ROUTES } from '../protocol/fleetRoutes.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { AdmissionApi } from '../sessions/admissionApi.js';
import type { ApiHandlers } from './handlers.js';

/** What the fleet handlers need from the composition root. */
export interface FleetHandlerDeps {
  admission: AdmissionApi;
}

const notYet = (): never => {
  throw new SwitchboardError('unavailable', 'not built yet');
};

export function fleetHandlers(d: FleetHandlerDeps): Pick<ApiHandlers, keyof typeof FLEET_ROUTES> {
  return {
    getAdmission: () => d.admission.snapshot(),
    updateAdmission: ({ body }) => d.admission.setLimits(body),
    // Retention, disk and project config: the retention helper fills these in.
    getRetention: notYet,
    updateRetention: notYet,
    prune: notYet,
    sessionDisk: notYet,
    getProjectConfig: notYet,
  };
}

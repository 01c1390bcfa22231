// What the rest of the daemon asks of admission control (implemented in admission.ts).
import type { AdmissionLimits, AdmissionSnapshot } from '../protocol/fleetEntities.js';

export interface AdmissionApi {
  snapshot(): AdmissionSnapshot;
  /** Stores and applies new limits (`admission.limits_changed`); queued sessions start if they now fit. */
  setLimits(patch: Partial<AdmissionLimits>): AdmissionSnapshot;
}

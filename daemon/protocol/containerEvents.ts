// Event payloads of the containers feature: spread into EVENT_PAYLOADS.
export const CONTAINER_EVENT_PAYLOADS = {} as const;

// Event payloads of the review feature: spread into EVENT_PAYLOADS.
export const REVIEW_EVENT_PAYLOADS = {} as const;

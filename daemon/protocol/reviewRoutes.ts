// Routes of the review feature (changes, diffs, merge, discard): spread into ROUTES.
import { route } from './routeDescriptor.js';

void route;
export const REVIEW_ROUTES = {} as const;

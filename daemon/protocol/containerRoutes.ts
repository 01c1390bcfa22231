// Routes of the containers feature (computer agent, desktop, port proxy): spread into ROUTES.
import { route } from './routeDescriptor.js';

void route;
export const CONTAINER_ROUTES = {} as const;

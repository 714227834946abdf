/**
 * Routes: the transports a probe can be sent through, each an implementation of the Route port (route.ts).
 * `openRoute` picks the implementation for a configured route; new kinds are added here.
 */
import type { ResolvedRoute } from '../config/types.ts';
import type { Route } from './route.ts';
import { SmtpRoute } from './smtp.ts';

export function openRoute(route: ResolvedRoute): Route {
  return new SmtpRoute(route);
}

export type { Route, RouteFactory, RouteMessage, SendOutcome } from './route.ts';
export { routeMessage } from './message.ts';

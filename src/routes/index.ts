/**
 * Routes: the transports a probe can be sent through, each an implementation of the Route port (route.ts).
 * `openRoute` picks the implementation for a configured route; new kinds are added here.
 */
import type { ResolvedRoute } from '../config/types.ts';
import { LandedError } from '../errors.ts';
import { CommandRoute } from './command.ts';
import { DirectRoute } from './direct.ts';
import { HttpRoute } from './http.ts';
import type { Route } from './route.ts';
import { SmtpRoute } from './smtp.ts';

/** The implementation for the route's kind: whichever of smtp, direct, http, command it has (exactly one). */
export function openRoute(route: ResolvedRoute): Route {
  const { smtp, direct, http, command } = route;
  if (smtp) return new SmtpRoute({ ...route, smtp });
  if (direct) return new DirectRoute({ ...route, direct });
  if (http) return new HttpRoute({ ...route, http });
  if (command) return new CommandRoute({ ...route, command });
  throw new LandedError('CONFIG_INVALID', `route ${route.id} has no kind`, { where: `routes.${route.id}`, hint: 'give it one of smtp, direct, http or command' });
}

export type { Route, RouteFactory, RouteMessage, SendOutcome } from './route.ts';
export { routeMessage } from './message.ts';

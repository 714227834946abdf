/**
 * Which declared route a reported source is: the receivers say "this IP sent N messages as acme.example";
 * landed knows its routes. A source IP matches a route, strongest evidence first, when
 *   1. a run saw the route's probes leave from that IP (the history's route_ips),
 *   2. the route binds that IP (`smtp.localAddress`),
 *   3. the SPF record of the route's envelope domain authorises that IP (checked through the resolver).
 * Where several routes match, the one whose From domain is the reported header_from wins (the relay that
 * sends for acme.example and for stale.example is two routes). Anything else is an unknown sender.
 */
import { evaluateSpf } from '../dns/checks/spf-eval.ts';
import type { Resolver } from '../dns/resolver.ts';
import { domainOf } from '../address.ts';

export interface RouteIdentity {
  id: string;
  fromDomain?: string;
  /** MAIL FROM domain: the envelopeFrom's, else the From's. */
  envelopeDomain?: string;
  localAddress?: string;
}

export type MatchedBy = 'run' | 'localAddress' | 'spf';

export interface SourceMatch {
  route: string | null;
  matchedBy: MatchedBy | null;
}

export function routeIdentity(route: { id: string; from: string; envelopeFrom?: string; smtp?: { localAddress?: string }; direct?: { localAddress?: string } }): RouteIdentity {
  const fromDomain = domainOf(route.from);
  return {
    id: route.id,
    fromDomain,
    envelopeDomain: route.envelopeFrom ? domainOf(route.envelopeFrom) : fromDomain,
    // A route of another kind (http, command) has no source address of its own; direct may bind one.
    localAddress: (route.smtp ?? route.direct)?.localAddress?.toLowerCase(),
  };
}

export interface RouteMatcher {
  match(ip: string, headerFrom: string): Promise<SourceMatch>;
}

/** `seenIps`: route ids by IP from the history. SPF answers are kept per (domain, IP) for the matcher's life. */
export function routeMatcher(routes: RouteIdentity[], seenIps: Map<string, string[]>, resolver: Resolver | undefined): RouteMatcher {
  const spfCache = new Map<string, Promise<boolean>>();
  const authorises = (domain: string, ip: string): Promise<boolean> => {
    const key = `${domain} ${ip}`;
    let answer = spfCache.get(key);
    if (!answer) {
      answer = resolver
        ? evaluateSpf(resolver, { ip, sender: `postmaster@${domain}` }).then((v) => v.result === 'pass', () => false)
        : Promise.resolve(false);
      spfCache.set(key, answer);
    }
    return answer;
  };
  const byId = new Map(routes.map((r) => [r.id, r]));
  return {
    async match(ip, headerFrom) {
      const seen = (seenIps.get(ip) ?? []).map((id) => byId.get(id) ?? { id });
      if (seen.length) return { route: prefer(seen, headerFrom), matchedBy: 'run' };
      const bound = routes.filter((r) => r.localAddress === ip);
      if (bound.length) return { route: prefer(bound, headerFrom), matchedBy: 'localAddress' };
      // Only routes that send as this domain are asked about: SPF of an unrelated domain says nothing here.
      const candidates = routes.filter((r) => r.fromDomain === headerFrom || r.envelopeDomain === headerFrom);
      const authorised: RouteIdentity[] = [];
      for (const route of candidates) if (route.envelopeDomain && (await authorises(route.envelopeDomain, ip))) authorised.push(route);
      if (authorised.length) return { route: prefer(authorised, headerFrom), matchedBy: 'spf' };
      return { route: null, matchedBy: null };
    },
  };
}

function prefer(routes: RouteIdentity[], headerFrom: string): string {
  const sorted = [...routes].sort((a, b) => (a.id < b.id ? -1 : 1));
  return (sorted.find((r) => r.fromDomain === headerFrom) ?? sorted[0]).id;
}

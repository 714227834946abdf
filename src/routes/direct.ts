import { domainOf } from '../address.ts';
import type { ResolvedRoute } from '../config/types.ts';
import { createResolver, type Resolver } from '../dns/resolver.ts';
import type { Route, RouteMessage, SendOutcome } from './route.ts';
import { SmtpRoute } from './smtp.ts';

/**
 * No relay: the probe goes straight to the recipient domain's MX, looked up through the config's resolver,
 * unauthenticated and from this machine (or `localAddress`), as an outsider's server would send it. An MX
 * that cannot be reached gives way to the next one; a refusal is the answer (`rejected` with its code).
 */
export class DirectRoute implements Route {
  readonly id: string;
  readonly #route: ResolvedRoute & { direct: NonNullable<ResolvedRoute['direct']> };
  readonly #resolve: Resolver;
  /** One SMTP client per MX address, reused by every probe to it. */
  readonly #byAddress = new Map<string, SmtpRoute>();

  constructor(route: ResolvedRoute & { direct: NonNullable<ResolvedRoute['direct']> }, resolver?: Resolver) {
    this.id = route.id;
    this.#route = route;
    this.#resolve = resolver ?? createResolver({ servers: route.direct.dnsServers });
  }

  async send(message: RouteMessage, signal: AbortSignal): Promise<SendOutcome> {
    const domain = domainOf(message.recipient) ?? '';
    let hosts: string[];
    try {
      hosts = await this.#mxHosts(domain);
    } catch (error) {
      return { status: 'error', failure: 'unreachable', smtp: { attempts: 0, retries: [] }, error: `route ${this.id}: no mail server found for ${domain} (${(error as { code?: string }).code ?? (error as Error).message}); check dns.servers` };
    }
    let last: SendOutcome | undefined;
    for (const host of hosts) {
      let addresses: string[];
      try {
        addresses = await this.#resolve(host, 'A');
      } catch {
        continue;
      }
      for (const address of addresses) {
        const outcome = await this.#client(host, address).send(message, signal);
        // Only an MX that could not be reached gives way to the next; any answer is the answer.
        if (outcome.status !== 'error' || outcome.failure !== 'unreachable') return outcome;
        last = outcome;
      }
    }
    return last ?? { status: 'error', failure: 'unreachable', smtp: { attempts: 0, retries: [] }, error: `route ${this.id}: the MX hosts of ${domain} (${hosts.join(', ')}) have no address` };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#byAddress.values()].map((r) => r.close()));
  }

  /** MX hosts by preference; a domain without MX is its own mail server (RFC 5321 5.1, implicit MX). */
  async #mxHosts(domain: string): Promise<string[]> {
    try {
      const mx = (await this.#resolve(domain, 'MX')) as Array<{ exchange: string; priority: number }>;
      // A null MX ("." RFC 7505) says the domain takes no mail: no host to try.
      return mx.sort((a, b) => a.priority - b.priority).map((m) => m.exchange).filter((h) => h && h !== '.');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENODATA') return [domain];
      throw error;
    }
  }

  #client(_host: string, address: string): SmtpRoute {
    let client = this.#byAddress.get(address);
    if (!client) {
      const { port, localAddress, helo } = this.#route.direct;
      // As an outsider's server: plain SMTP, no login; each send is one try (the drill wants the first answer).
      client = new SmtpRoute({
        ...this.#route,
        smtp: { host: address, port, security: 'none', tls: { insecure: true }, localAddress, helo },
        retry: { attempts: 1, firstDelayMs: 0, maxDelayMs: 0 },
      });
      this.#byAddress.set(address, client);
    }
    return client;
  }
}

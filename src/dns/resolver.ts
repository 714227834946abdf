import { Resolver as NodeResolver } from 'node:dns/promises';

/**
 * The DNS lookup function every verifier takes, shaped like mailauth's `resolver` option (and
 * `dns.promises.resolve`): TXT as string[][], MX as {exchange, priority}[], A/AAAA/PTR/CNAME as string[].
 * A missing name throws with code ENOTFOUND or ENODATA; a server problem with ETIMEOUT/ESERVFAIL/EREFUSED,
 * which verifiers turn into `temperror`.
 */
export type Resolver = (name: string, rrtype: string) => Promise<any>;

export interface ResolverOptions {
  /** "ADDR" or "ADDR:PORT" (IPv6 as "[::1]:53"); empty means the system resolver. */
  servers?: string[];
  /** Per query, in ms. */
  timeoutMs?: number;
  tries?: number;
}

export function createResolver(options: ResolverOptions = {}): Resolver {
  const resolver = new NodeResolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  if (options.servers?.length) resolver.setServers(options.servers);
  return (name, rrtype) => resolver.resolve(name, rrtype as 'A');
}

/** Parses `--dns 127.0.0.1:5353` style values into a server list for node:dns. */
export function parseDnsServers(value: string | undefined): string[] | undefined {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

/**
 * The one DNS cache: remembers answers, and "no such name/record" errors, for the life of the returned resolver
 * (one run, one check, one plan), so asking the same name twice costs one query. Other failures are not
 * remembered, a retry may work; unless `keepFailures` (one message's analysis, where SPF and DMARC ask the same
 * names again: a lookup that timed out is not waited for twice).
 */
export function cachingResolver(resolver: Resolver, options: { keepFailures?: boolean } = {}): Resolver {
  const cache = new Map<string, Promise<unknown>>();
  return (name, rrtype) => {
    const key = `${rrtype} ${String(name).toLowerCase().replace(/\.$/, '')}`;
    let answer = cache.get(key);
    if (!answer) {
      answer = Promise.resolve().then(() => resolver(name, rrtype));
      cache.set(key, answer);
      answer.catch((error: { code?: string }) => {
        if (!options.keepFailures && error?.code !== 'ENOTFOUND' && error?.code !== 'ENODATA') cache.delete(key);
      });
    }
    // Callers (mailauth) may sort or modify arrays they get; each gets its own copy.
    return answer.then((value) => (Array.isArray(value) ? [...value] : value));
  };
}

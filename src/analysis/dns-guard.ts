import { dnsError, isNoRecord } from '../dns/overlay/dns-errors.ts';
import { cachingResolver, type Resolver } from '../dns/resolver.ts';

export interface GuardedResolver {
  resolve: Resolver;
  /** Lookups that failed for another reason than "no such name", as `TXT name: code`. */
  failures: string[];
}

/**
 * Wraps the resolver analysis was given: each lookup gets a timeout, all of them share one time budget,
 * answers are cached for the message (SPF and DMARC ask the same names again), and every failure becomes
 * an Error with a DNS code (ETIMEOUT...), which verifiers turn into `temperror`, never a crash.
 */
export function guardResolver(resolver: Resolver, options: { timeoutMs: number; budgetMs: number }): GuardedResolver {
  const deadline = Date.now() + options.budgetMs;
  const failures: string[] = [];
  const lookup = async (name: string, rrtype: string): Promise<unknown> => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw dnsError('ETIMEOUT', name, rrtype);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(dnsError('ETIMEOUT', name, rrtype)), Math.min(options.timeoutMs, remaining));
    });
    try {
      return await Promise.race([Promise.resolve().then(() => resolver(name, rrtype)), timeout]);
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      if (!isNoRecord(error) && failures.length < 20) failures.push(`${rrtype} ${name}: ${typeof code === 'string' ? code : 'ESERVFAIL'}`);
      // A resolver that throws without a DNS code (a bug, a refused socket) is a server failure to mailauth.
      throw error instanceof Error && typeof code === 'string' ? error : dnsError('ESERVFAIL', name, rrtype);
    } finally {
      clearTimeout(timer);
    }
  };
  return { resolve: cachingResolver((name, rrtype) => lookup(String(name), String(rrtype)), { keepFailures: true }), failures };
}

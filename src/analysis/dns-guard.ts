import type { Resolver } from '../dns/resolver.ts';

export interface GuardedResolver {
  resolve: Resolver;
  /** Lookups that failed for another reason than "no such name", as `TXT name: code`. */
  failures: string[];
}

const MISSING = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/**
 * Wraps the resolver analysis was given: each lookup gets a timeout, all of them share one time budget,
 * answers are cached for the message (SPF and DMARC ask the same names again), and every failure becomes
 * an Error with a DNS code (ETIMEOUT...), which verifiers turn into `temperror`, never a crash.
 */
export function guardResolver(resolver: Resolver, options: { timeoutMs: number; budgetMs: number }): GuardedResolver {
  const deadline = Date.now() + options.budgetMs;
  const cache = new Map<string, Promise<unknown>>();
  const failures: string[] = [];
  const lookup = async (name: string, rrtype: string): Promise<unknown> => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw dnsError('ETIMEOUT', `DNS budget of ${options.budgetMs} ms used up before ${rrtype} ${name}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(dnsError('ETIMEOUT', `${rrtype} ${name} timed out`)), Math.min(options.timeoutMs, remaining));
    });
    try {
      return await Promise.race([Promise.resolve().then(() => resolver(name, rrtype)), timeout]);
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      const known = typeof code === 'string' ? code : 'ESERVFAIL';
      if (!MISSING.has(known) && failures.length < 20) failures.push(`${rrtype} ${name}: ${known}`);
      throw error instanceof Error && typeof code === 'string' ? error : dnsError(known, `${rrtype} ${name}: ${String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  };
  const resolve: Resolver = (name, rrtype) => {
    const key = `${rrtype} ${String(name).toLowerCase()}`;
    let answer = cache.get(key);
    if (!answer) {
      answer = lookup(String(name), String(rrtype));
      cache.set(key, answer);
    }
    return answer;
  };
  return { resolve, failures };
}

function dnsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * What the `landed dns` commands take from the rest of landed: the configured routes' domains, the DNS to
 * ask, and from a past run the addresses that really send and the DKIM selectors really used.
 */
import type { ResolvedConfig } from '../config/types.ts';
import type { LoadedRun } from '../dns-plan/run-input.ts';
import { cachingResolver, createResolver, type Resolver } from '../dns/resolver.ts';
import { domainOf } from '../address.ts';

/** The servers config loading resolved (`--dns` over the config's over none: the system resolver), cached. */
export function resolverFor(servers: string[]): Resolver {
  return cachingResolver(createResolver({ servers }));
}

/** Every domain the configured routes send from: From and MAIL FROM. */
export function routeDomains(config: ResolvedConfig | undefined): string[] {
  const domains = new Set<string>();
  for (const route of config?.routes.values() ?? []) {
    for (const address of [route.from, route.envelopeFrom]) {
      const domain = domainOf(address);
      if (domain) domains.add(domain);
    }
  }
  return [...domains].sort();
}

/** The selectors the routes say they sign with, as "domain:selector" (a bare one is for the From domain). */
export function configuredSelectors(config: ResolvedConfig | undefined): string[] {
  return [...(config?.routes.values() ?? [])].flatMap((route) => {
    const fromDomain = domainOf(route.from);
    return route.dkimSelectors.map((s) => (s.includes(':') || !fromDomain ? s : `${fromDomain}:${s}`));
  });
}

/** From a run's results: per MAIL FROM domain the sending addresses, per signing domain the selectors. */
export function evidenceFromRun(run: LoadedRun | undefined): { sendingIps: Record<string, string[]>; selectors: Record<string, string[]> } {
  const sendingIps: Record<string, string[]> = {};
  const selectors: Record<string, string[]> = {};
  const add = (map: Record<string, string[]>, key: string | undefined, value: string | undefined) => {
    if (key && value && !(map[key] ??= []).includes(value)) map[key].push(value);
  };
  for (const probe of run?.result.probes ?? []) {
    const analysis = probe.analysis;
    add(sendingIps, analysis?.verified.spf.domain?.toLowerCase(), analysis?.path.sendingIp);
    for (const signature of analysis?.verified.dkim.signatures ?? []) add(selectors, signature.domain.toLowerCase(), signature.selector.toLowerCase());
  }
  return { sendingIps, selectors };
}

/** `--selector s1` (every domain) or `--selector acme.test:s1`, added to what the run showed. */
export function addSelectorOptions(selectors: Record<string, string[]>, options: string[], domains: string[]): Record<string, string[]> {
  const merged = Object.fromEntries(Object.entries(selectors).map(([k, v]) => [k, [...v]]));
  for (const option of options) {
    const [domain, selector] = option.includes(':') ? option.split(':', 2) : [undefined, option];
    for (const d of domain ? [domain.toLowerCase()] : domains) if (!(merged[d] ??= []).includes(selector)) merged[d].push(selector);
  }
  return merged;
}

/** `--zone FILE` or `--zone ORIGIN=FILE`. */
export function parseZoneOption(value: string): { file: string; origin?: string } {
  const eq = value.indexOf('=');
  return eq > 0 && !value.slice(0, eq).includes('/') ? { origin: value.slice(0, eq), file: value.slice(eq + 1) } : { file: value };
}

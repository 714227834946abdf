import { describe, expect, it } from 'vitest';
import { cachingResolver, type Resolver } from '../../src/dns/resolver.ts';
import { dnsError } from '../../src/dns/overlay/dns-errors.ts';
import { guardResolver } from '../../src/analysis/dns-guard.ts';

describe('cachingResolver', () => {
  it('asks once per name and type, remembers "no such name", retries other failures', async () => {
    const asked: string[] = [];
    let flaky = true;
    const base: Resolver = async (name, rrtype) => {
      asked.push(`${name} ${rrtype}`);
      if (name === 'gone.test') throw dnsError('ENOTFOUND', name, rrtype);
      if (name === 'flaky.test' && flaky) {
        flaky = false;
        throw dnsError('ETIMEOUT', name, rrtype);
      }
      return [['v=spf1 -all']];
    };
    const cached = cachingResolver(base);
    const first = await cached('Acme.test.', 'TXT');
    first.push('changed by a caller');
    expect(await cached('acme.test', 'TXT')).toEqual([['v=spf1 -all']]);
    await expect(cached('gone.test', 'A')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(cached('gone.test', 'A')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(cached('flaky.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(await cached('flaky.test', 'TXT')).toEqual([['v=spf1 -all']]);
    expect(asked).toEqual(['Acme.test. TXT', 'gone.test A', 'flaky.test TXT', 'flaky.test TXT']);
  });

  it('with keepFailures (one message), a failure is remembered too: the analysis guard asks a silent server once', async () => {
    let asked = 0;
    const silent: Resolver = () => {
      asked++;
      return new Promise(() => {});
    };
    const guard = guardResolver(silent, { timeoutMs: 20, budgetMs: 1000 });
    await expect(guard.resolve('acme.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    await expect(guard.resolve('ACME.test.', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(asked).toBe(1);
    expect(guard.failures).toEqual(['TXT acme.test: ETIMEOUT']);
  });
});

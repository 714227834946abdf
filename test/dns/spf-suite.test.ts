/**
 * SPF evaluation against scenarios in the OpenSPF test-suite format: our own cases (committed), and the
 * full OpenSPF RFC 7208 suite when LANDED_SPF_SUITE names its file (rfc7208-tests.yml, shipped by pyspf
 * and other SPF libraries; not committed here).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpfSuite, runSpfCase } from './support/spf-suite.ts';

const suites: Array<[string, string]> = [['landed SPF cases', new URL('./fixtures/spf-cases.yml', import.meta.url).pathname]];
if (process.env.LANDED_SPF_SUITE) suites.push(['OpenSPF RFC 7208 suite', process.env.LANDED_SPF_SUITE]);

for (const [title, file] of suites) {
  describe(title, () => {
    // latin1: the OpenSPF file carries raw non-ASCII bytes in some records on purpose.
    const scenarios = loadSpfSuite(readFileSync(file, 'latin1'));
    const cases = scenarios.flatMap((scenario) => scenario.cases.map((test) => ({ scenario, test })));

    it.each(cases.map((c) => [`${c.test.scenario}: ${c.test.id}`, c] as const))('%s', async (_name, { scenario, test }) => {
      const { got } = await runSpfCase(scenario, test);
      expect([test.result].flat()).toContain(got);
    });
  });
}

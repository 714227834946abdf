/**
 * SPF evaluation against scenarios in the OpenSPF test-suite format: our own cases (committed), and the
 * full OpenSPF RFC 7208 suite when LANDED_SPF_SUITE names its file (rfc7208-tests.yml, shipped by pyspf
 * and other SPF libraries; not committed here). Results, and explanations where a case gives one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedExplanation, loadSpfSuite, runSpfCase } from './support/spf-suite.ts';

const suites: Array<[string, string]> = [['landed SPF cases', new URL('./fixtures/spf-cases.yml', import.meta.url).pathname]];
if (process.env.LANDED_SPF_SUITE) suites.push(['OpenSPF RFC 7208 suite', process.env.LANDED_SPF_SUITE]);

for (const [title, file] of suites) {
  describe(title, () => {
    // latin1: the OpenSPF file carries raw non-ASCII bytes in some records on purpose.
    const scenarios = loadSpfSuite(readFileSync(file, 'latin1'));
    const cases = scenarios.flatMap((scenario) => scenario.cases.map((test) => ({ scenario, test })));

    it.each(cases.map((c) => [`${c.test.scenario}: ${c.test.id}`, c] as const))('%s', async (_name, { scenario, test }) => {
      const { got, explanation } = await runSpfCase(scenario, test);
      expect([test.result].flat()).toContain(got);
      // Where the suite gives the explanation (exp=), it is checked too: a wrong one is shown to senders.
      // Case aside: the hex digits of a reversed IPv6 address (%{ir}) are the one latitude (pyspf keeps the
      // client's case, mailauth writes lower case; DNS names are case-insensitive).
      const wanted = expectedExplanation(test);
      if (wanted) expect(explanation?.toLowerCase()).toBe(wanted.expected?.toLowerCase());
    });
  });
}

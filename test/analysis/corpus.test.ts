/**
 * Checks the Authentication-Results reading against 34 real deliveries in ../shared/corpus/received (not
 * part of this repository, for licence reasons; skipped where absent): for each, the receiver's verdict
 * words, whether a foreign or renamed verdict header is present, and the provider's inbound hop.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import type { AnalysisContext } from '../../src/analysis/analysis-context.ts';
import { offline } from './support.ts';
import { providerContext } from '../../src/providers/index.ts';

const dir = new URL('../../../shared/corpus/received/', import.meta.url);
const present = existsSync(new URL('EXPECTED.json', dir));

interface Expected {
  file: string;
  provider: string;
  receiverHost?: string | null;
  expected: Record<'spf' | 'dkim' | 'dmarc' | 'arc', string | null>;
  forgedHeaderPresent: boolean;
}

/** How a user would point landed at each receiver: the presets, and authserv-ids where there is none. */
const CONTEXTS: Record<string, Partial<AnalysisContext>> = {
  gmail: providerContext('gmail'),
  microsoft: providerContext('outlook'),
  yahoo: providerContext('yahoo'),
  icloud: providerContext('icloud'),
  gmx: providerContext('gmx'),
  fastmail: providerContext('fastmail'),
  proton: providerContext('proton'),
};

const fixtures: Expected[] = present ? JSON.parse(readFileSync(new URL('EXPECTED.json', dir), 'utf8')).fixtures : [];

// Absent corpus: said loudly, in the test list and on stderr; in CI (which has it) its absence is a failure.
if (!present) {
  const message = `the received-mail corpus is ABSENT (${fileURLToPath(dir)}): its checks did NOT run`;
  if (process.env.CI) it('the received-mail corpus is present', () => expect.fail(message));
  else {
    process.stderr.write(`\n*** ${message} ***\n\n`);
    it.skip(message, () => {});
  }
}

describe.skipIf(!present)('the received-mail corpus', () => {
  it.each(fixtures.map((f) => [f.file, f] as const))('%s', async (_, f) => {
    const a = await analyzeMessage(readFileSync(new URL(f.file, dir)), { authservIds: [], resolver: offline, ...CONTEXTS[f.provider] });
    const words = a.receiver.words ?? {};
    expect({ spf: words.spf ?? null, dkim: words.dkim ?? null, dmarc: words.dmarc ?? null, arc: words.arc ?? null }).toEqual(f.expected);
    expect(a.receiver.ignored.some((h) => h.origin === 'other-host' || h.origin === 'renamed')).toBe(f.forgedHeaderPresent);
    if (f.receiverHost) expect(a.path.hops[a.path.receiverHop!]?.by).toBe(f.receiverHost);
  });
});

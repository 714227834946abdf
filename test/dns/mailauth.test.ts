/**
 * mailauth as landed loads it (src/dns/mailauth.ts): without the packages of BIMI certificate and logo
 * validation, and with everything landed asks of it still working, the BIMI record lookup included.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { standIns } from '../../src/dns/mailauth.ts';
import { verifyMessage } from '../../src/analysis/auth/verify.ts';
import { compose, rsaKeys, sign } from '../analysis/support.ts';
import { quotedTxt, zonesResolver } from './support/zones.ts';
import { sourceFiles } from '../support/import-graph.ts';

const MODULE = new URL('../../src/dns/mailauth.ts', import.meta.url).pathname;

/** The files of those packages in the module cache of a fresh Node that loaded mailauth through `via`. */
function cachedAfterLoading(via: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(via)});
    const cache = createRequire(${JSON.stringify(MODULE)}).cache;
    console.log(JSON.stringify(Object.keys(cache).filter((f) => /node_modules\\/(undici|@postalsys|@peculiar|fast-xml-parser)\\//.test(f))));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as string[];
}

describe('mailauth as landed loads it', () => {
  it('stands in for undici, the VMC parser and the XML parser: none of their files is loaded', () => {
    const stoodIn = [...standIns().keys()];
    expect(stoodIn).toHaveLength(3);
    expect(cachedAfterLoading(MODULE).sort()).toEqual(stoodIn.sort());
    // Loaded plainly, mailauth brings in over a hundred files of them: the check above can see the difference.
    expect(cachedAfterLoading('mailauth').length).toBeGreaterThan(100);
  });

  it('is the only way into mailauth in src/: a plain import elsewhere could load it first, stand-ins bypassed', () => {
    const src = new URL('../../src', import.meta.url).pathname;
    const plain = sourceFiles(src).filter((file) => /^import (?!type )[^;]*from 'mailauth';/m.test(readFileSync(file, 'utf8')));
    expect(plain.map((file) => relative(src, file))).toEqual([]);
  });

  it('says why when a stand-in is called', () => {
    const vmc = [...standIns().values()].find((exports) => 'vmc' in exports)!;
    expect(() => (vmc.vmc as () => void)()).toThrow(/landed does not validate BIMI certificates/);
  });

  it('still checks the BIMI record, beside DKIM, SPF and DMARC', async () => {
    const key = rsaKeys();
    const resolver = zonesResolver([
      'brand.test',
      `@ TXT "v=spf1 ip4:192.0.2.10 -all"
_dmarc TXT "v=DMARC1; p=reject"
s1._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${key.publicKey}`)}
default._bimi TXT "v=BIMI1; l=https://brand.test/logo.svg"
`,
    ]);
    const message = await sign(compose({ from: 'Brand <news@brand.test>' }), 'brand.test', 's1', key);
    const { verified } = await verifyMessage(Buffer.from(message), { ip: '192.0.2.10', sender: 'bounce@brand.test', helo: 'mta.brand.test' }, resolver);
    expect(verified.dkim.result).toBe('pass');
    expect(verified.spf.result).toBe('pass');
    expect(verified.dmarc.result).toBe('pass');
    expect(verified.bimi.result).toBe('pass');
  });
});

/**
 * mailauth as landed loads it: every module of landed takes mailauth from here, never from 'mailauth' itself.
 *
 * At load time mailauth's BIMI module loads undici, a VMC certificate parser (asn1 and x509 schemas) and an
 * XML parser, for its validateVMC and SVG checks: HTTPS fetches of a brand's certificate and logo that landed
 * never makes. The BIMI record lookup that authenticate() does needs none of them. Loaded, they cost about
 * 11 MB in every thread that loads mailauth (Node 24: 85 -> 74 MB RSS after a bare load; each analysis
 * worker of a run is such a thread). So, before mailauth is first loaded, stand-ins for those three packages
 * are put into Node's CommonJS module cache (documented: entries may be added) for mailauth's BIMI module
 * alone; each throws, saying why, if it is ever called.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** What landed never asks of mailauth, and the names its BIMI module takes from each. */
const UNUSED: Record<string, Record<string, unknown>> = {
  undici: { Agent: class {}, fetch: unused('undici') },
  '@postalsys/vmc': { vmc: unused('@postalsys/vmc') },
  'fast-xml-parser': { XMLParser: unused('fast-xml-parser') },
};

function unused(name: string) {
  return () => {
    throw new Error(`${name} is not loaded: landed does not validate BIMI certificates or logos (src/dns/mailauth.ts)`);
  };
}

/** The stand-ins, keyed by the files mailauth's BIMI modules would load; none when mailauth is laid out otherwise. */
export function standIns(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  let fromBimi: NodeJS.Require;
  try {
    fromBimi = createRequire(require.resolve('mailauth/lib/bimi/index.js'));
  } catch {
    return out; // another mailauth layout: it loads as it is
  }
  for (const [name, exports] of Object.entries(UNUSED)) {
    try {
      out.set(fromBimi.resolve(name), exports);
    } catch {
      // not installed beside it: nothing to stand in for
    }
  }
  return out;
}

for (const [file, exports] of standIns()) {
  require.cache[file] ??= { id: file, filename: file, path: file, loaded: true, exports, children: [], paths: [] } as unknown as NodeJS.Module;
}

const mailauth = require('mailauth') as typeof import('mailauth');

export const { authenticate, spf, dkimSign, sealMessage } = mailauth;

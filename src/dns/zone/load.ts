/**
 * Reads a proposed zone from disk, choosing the reader by extension: `.yaml`/`.yml` is OctoDNS, anything
 * else a BIND master file. The origin comes from the caller, else $ORIGIN/SOA (BIND), else the file name
 * (`acme.test.yaml`, `acme.test.zone`, `db.acme.test`).
 */
import { basename } from 'node:path';
import { readCapped } from '../../capped-read.ts';
import { LandedError } from '../../errors.ts';
import { parseBindZone } from './bind.ts';
import { parseOctodnsZone } from './octodns.ts';
import { normalizeName } from './names.ts';
import type { Zone } from './types.ts';

/** A zone bigger than this is not a hand-kept zone of a mail domain; refuse rather than read it all. */
const MAX_ZONE_BYTES = 4 * 1024 * 1024;

export interface LoadZoneOptions {
  origin?: string;
  /** How the file is named in messages (relative to the working directory). */
  shownAs?: string;
  signal?: AbortSignal;
}

export async function loadZoneFile(path: string, options: LoadZoneOptions = {}): Promise<Zone> {
  const shown = options.shownAs ?? path;
  const source = await readCapped(path, { maxBytes: MAX_ZONE_BYTES, shownAs: shown, code: 'ZONE_INVALID', allowFifo: true, signal: options.signal });
  return parseZone(source.toString('utf8'), shown, options.origin);
}

export function parseZone(text: string, shown: string, origin?: string): Zone {
  const fromName = originFromFileName(shown);
  if (/\.ya?ml$/i.test(shown)) {
    const zoneOrigin = origin ?? fromName;
    if (!zoneOrigin) {
      throw new LandedError('ZONE_INVALID', 'cannot tell which zone this OctoDNS file is', {
        where: shown,
        hint: 'Name the file after the zone (acme.test.yaml) or pass --zone acme.test=FILE.',
      });
    }
    return parseOctodnsZone(text, shown, normalizeName(zoneOrigin));
  }
  return parseBindZone(text, shown, { origin: origin !== undefined ? normalizeName(origin) : fromName });
}

/** "dns/acme.test.yaml" -> "acme.test"; "db.acme.test" -> "acme.test"; undefined when it names no domain. */
export function originFromFileName(path: string): string | undefined {
  const name = basename(path).replace(/\.(ya?ml|zone|db|txt)$/i, '').replace(/^db\./i, '');
  return name.includes('.') && /^[a-z0-9_.-]+$/i.test(name) ? normalizeName(name) : undefined;
}

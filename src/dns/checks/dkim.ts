/**
 * DKIM key records of the selectors a domain really signs with: present, one record, usable key of a
 * known algorithm and adequate size, not in testing mode, not revoked.
 */
import type { Resolver } from '../resolver.ts';
import { findingsFor, type Finding } from '../types.ts';
import { readDkimKey } from './dkim-key.ts';
import { parseTagList } from './tags.ts';
import { lookupTxt } from './txt.ts';

const MIN_BITS = 1024;
const GOOD_BITS = 2048;

export async function checkDkimSelector(resolver: Resolver, domain: string, selector: string): Promise<Finding[]> {
  const name = `${selector}._domainkey.${domain}`;
  const f = findingsFor('dkim', domain);
  const at = (severity: 'error' | 'warning' | 'info', id: string, text: { message: string; breaks: string; fix: string }, details?: Record<string, unknown>) =>
    f(severity, id, text, { subject: selector, details });
  const signedFails = `Messages signed with selector "${selector}" fail DKIM; DMARC then passes only through aligned SPF, which forwarding breaks.`;

  const found = await lookupTxt(resolver, name);
  if (found.status === 'failed') {
    return [at('error', 'lookup-failed', { message: `the lookup of ${name} failed: ${found.error}`, breaks: 'Receivers get the same error: DKIM temperror.', fix: `Check the name servers of ${domain}.` })];
  }
  // A key record may omit v=; anything with p= counts (RFC 6376 section 3.6.1).
  const records = found.status === 'found' ? found.records.filter((r) => /(^|;)\s*p\s*=/.test(r)) : [];
  if (!records.length) {
    return [at('error', 'missing', {
      message: `no DKIM key is published at ${name}`,
      breaks: signedFails,
      fix: `Publish the public key of selector "${selector}" as a TXT record at ${name} ("v=DKIM1; k=rsa; p=...").`,
    })];
  }
  if (records.length > 1) {
    return [at('error', 'multiple-records', { message: `${name} has ${records.length} key records`, breaks: `Verifiers cannot tell which key applies; many fail the signature. ${signedFails}`, fix: 'Keep exactly one key record per selector; rotate by publishing a new selector.' })];
  }
  const { tags, problems } = parseTagList(records[0]);
  const findings: Finding[] = [];
  if (problems.length || (tags.has('v') && tags.get('v') !== 'DKIM1')) {
    findings.push(at('error', 'syntax', { message: `the key record at ${name} is malformed: ${[...problems, ...(tags.has('v') && tags.get('v') !== 'DKIM1' ? [`v=${tags.get('v')} (must be DKIM1)`] : [])].join('; ')}`, breaks: signedFails, fix: 'Publish the record as "v=DKIM1; k=rsa; p=<base64 key>".' }));
  }
  const p = tags.get('p') ?? '';
  if (!p) {
    findings.push(at('error', 'revoked', { message: `selector "${selector}" is revoked (empty p=)`, breaks: signedFails, fix: `Sign with a published selector, or publish this selector's public key again if it is still in use.` }));
    return findings;
  }
  const key = readDkimKey((tags.get('k') ?? 'rsa').toLowerCase(), p);
  const details = { algorithm: key.algorithm, bits: key.bits };
  if (key.problem) {
    findings.push(at('error', 'bad-key', { message: `the key at ${name} cannot be used: ${key.problem}`, breaks: signedFails, fix: 'Publish the public key exactly as your signer exports it (base64 of the DER key, without PEM header lines).' }, details));
  } else if (key.algorithm === 'rsa' && key.bits !== undefined && key.bits < MIN_BITS) {
    findings.push(at('error', 'weak-key', {
      message: `selector "${selector}" has a ${key.bits}-bit RSA key`,
      breaks: `Verifiers reject RSA keys under ${MIN_BITS} bits (RFC 8301): ${signedFails}`,
      fix: `Generate a ${GOOD_BITS}-bit key, publish it under a new selector, then switch the signer to it.`,
    }, details));
  } else if (key.algorithm === 'rsa' && key.bits !== undefined && key.bits < GOOD_BITS) {
    findings.push(at('warning', 'short-key', {
      message: `selector "${selector}" has a ${key.bits}-bit RSA key`,
      breaks: 'Nothing today; 1024-bit keys are the minimum verifiers accept and are being phased out.',
      fix: `Rotate to a ${GOOD_BITS}-bit key under a new selector.`,
    }, details));
  }
  const flags = (tags.get('t') ?? '').split(':').map((s) => s.trim());
  if (flags.includes('y')) {
    findings.push(at('warning', 'testing', { message: `selector "${selector}" is in testing mode (t=y)`, breaks: 'Receivers may treat its signatures as unsigned mail: DKIM does not protect or align for them.', fix: 'Remove t=y once the signatures verify.' }, details));
  }
  const hashes = tags.get('h')?.split(':').map((s) => s.trim().toLowerCase());
  if (hashes && !hashes.includes('sha256')) {
    findings.push(at('error', 'sha1-only', { message: `selector "${selector}" allows only h=${tags.get('h')}`, breaks: `Verifiers reject rsa-sha1 signatures (RFC 8301): ${signedFails}`, fix: 'Remove h= (or set h=sha256) and sign with rsa-sha256.' }, details));
  }
  return findings;
}

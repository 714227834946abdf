import type { DkimSignatureCheck, MessageAnalysis } from '../types.ts';
import { rawWordMeaning } from '../auth/verdicts.ts';
import { forwardingFinding } from './forwarding.ts';

/**
 * One problem in plain words; `key` is the same for the same problem in another message (for per-route
 * summaries). `fix` is the change that removes it, when there is one to make on the sending side; a finding
 * without one is information (the receiver's words, an expected SPF failure after forwarding).
 */
export interface MessageFinding { key: string; text: string; fix?: string }

type Analysed = Omit<MessageAnalysis, 'reasons'>;

/**
 * The plain-language findings of one analysed message, most important first: what fails and the one
 * thing to fix, e.g. "DKIM fails: signature d=acme.test s=erp2023 — no key published at
 * erp2023._domainkey.acme.test". Pure: the same analysis always gives the same lines.
 */
export function findingsOf(a: Analysed): MessageFinding[] {
  // A failure caused by forwarding is said right after the failure itself.
  const [first = [], rest] = ((d) => [d.slice(0, 1), d.slice(1)])(dmarc(a));
  return [...first, ...forwardingFinding(a), ...rest, ...dkim(a), ...spf(a), ...receiverSide(a), ...path(a), ...requirements(a)];
}

function dmarc(a: Analysed): MessageFinding[] {
  const { dmarc: d, spf } = a.verified;
  const from = d.domain ?? a.message?.fromDomain ?? 'the From domain';
  const out: MessageFinding[] = [];
  if (spf.result === 'pass' && spf.domain && d.result !== 'unknown' && d.result !== 'none' && d.spfAligned === false) {
    out.push({ key: `spf:unaligned:${spf.domain}`, text: `SPF passes for ${spf.domain} but is not aligned with From domain ${from}`, fix: `send with a MAIL FROM (Return-Path) in ${from}, or sign with a DKIM key of ${from}` });
  }
  if (d.result === 'fail') {
    const why = !d.spfAligned && !d.dkimAligned ? 'neither SPF nor DKIM aligned' : 'no aligned check passed';
    out.unshift({ key: 'dmarc:fail', text: `DMARC fails${d.policy ? ` (p=${d.policy})` : ''} for ${from}: ${why}`, fix: `make the route sign with a DKIM key of ${from} (d=${from}), or send with a MAIL FROM in ${from} whose SPF allows the route's servers` });
  } else if (d.result === 'pass' && d.spfAligned && !d.dkimAligned) {
    out.push({ key: 'dmarc:spf-only', text: `DMARC passes on SPF alone for ${from}: forwarded mail will fail it, as no aligned DKIM signature passes`, fix: `sign with a DKIM key of ${from} (d=${from}) so DMARC survives forwarding` });
  } else if (d.result === 'none') {
    out.push({ key: `dmarc:none:${from}`, text: `No DMARC record for ${from}: receivers have no policy to apply`, fix: `publish a TXT record at _dmarc.${from}, starting with "v=DMARC1; p=none; rua=mailto:..." and moving to p=quarantine or p=reject` });
  } else if (d.result === 'permerror') {
    out.push({ key: 'dmarc:permerror', text: `DMARC cannot be evaluated: ${d.reason ?? 'invalid record'}`, fix: `keep exactly one valid "v=DMARC1; p=..." record at _dmarc.${from}` });
  }
  return out;
}

function dkim(a: Analysed): MessageFinding[] {
  const { signatures, result } = a.verified.dkim;
  if (result === 'none' && !signatures.length) return [{ key: 'dkim:unsigned', text: 'DKIM: the message is not signed', fix: `turn on DKIM signing for this route with a key of ${a.message?.fromDomain ?? 'the From domain'}` }];
  const out = signatures.filter((s) => s.result !== 'pass').map(signatureFinding);
  const passing = signatures.filter((s) => s.result === 'pass');
  if (passing.length && !passing.some((s) => s.aligned)) {
    out.push({ key: `dkim:unaligned:${passing[0].domain}`, text: `DKIM passes for ${passing.map((s) => s.domain).join(', ')} but is not aligned with From domain ${a.message?.fromDomain ?? '?'}`, fix: `sign with d=${a.message?.fromDomain ?? 'the From domain'} (a custom DKIM domain at the provider)` });
  }
  return out;
}

function signatureFinding(s: DkimSignatureCheck): MessageFinding {
  const sig = `signature d=${s.domain} s=${s.selector}`;
  const record = `${s.selector}._domainkey.${s.domain}`;
  const reason = s.reason ?? '';
  const [kind, why, fix] =
    reason === 'no key' ? ['no-key', `no key published at ${record}`, `publish the route's public key as a TXT record at ${record}, or make the route sign with a selector that is published`]
    : s.bodyHashOk === false ? ['body', 'body hash did not verify: the body changed after signing (a footer, a re-encoding on the way)', 'sign after the last change to the body (footers, disclaimers), or use c=relaxed/relaxed']
    : reason === 'bad signature' ? ['mismatch', `the key published at ${record} is not the one that signed (stale or rotated key)`, `publish the key the route signs with now at ${record} (or point the route back at the published one)`]
    : reason.includes('weak-key') ? ['weak', 'the key is shorter than 1024 bits', `rotate to a 2048-bit key and publish it at ${record}`]
    : s.result === 'temperror' ? ['dns', `the key could not be fetched: ${reason || 'DNS error'}`, `check the name servers of ${s.domain}`]
    : [s.result, reason || s.result, `compare the key the route signs with to the one published at ${record}`];
  return { key: `dkim:${kind}:${s.domain}:${s.selector}`, text: `DKIM fails: ${sig} — ${why}`, fix };
}

function spf(a: Analysed): MessageFinding[] {
  const { result, domain, ip, reason, lookups } = a.verified.spf;
  const who = domain ?? 'the MAIL FROM domain';
  switch (result) {
    case 'fail': case 'softfail': {
      const expected = a.forwarded ? ` (expected: ${a.forwarded.by} forwarded it from its own address)` : '';
      // After forwarding the failure is expected: nothing to change in SPF (the DMARC finding says what is).
      const fix = a.forwarded ? undefined : `add ${ip ?? 'the route\'s sending IP'} (or the include: of the route's provider) to the SPF record of ${who}`;
      return [{ key: `spf:${result}:${who}`, text: `SPF ${result}: ${ip ?? 'the sending IP'} is not allowed to send for ${who}${expected}`, fix }];
    }
    case 'none': return [{ key: `spf:none:${who}`, text: `SPF: ${who} publishes no SPF record`, fix: `publish "v=spf1 <your routes' servers> -all" as a TXT record of ${who}` }];
    case 'neutral': return [{ key: `spf:neutral:${who}`, text: `SPF neutral: ${who}'s record neither allows nor denies ${ip ?? 'the sending IP'}`, fix: `list ${ip ?? 'the sending IP'} in the SPF record of ${who} and end it with -all or ~all` }];
    case 'permerror': {
      const tooMany = lookups && lookups.count > lookups.limit ? `too many DNS lookups (${lookups.count} > ${lookups.limit})` : reason ?? 'invalid record';
      const fix = lookups && lookups.count > lookups.limit ? `bring the SPF record of ${who} to at most ${lookups.limit} DNS lookups (drop unused include:s, flatten the rest)` : `keep exactly one valid "v=spf1 ..." record for ${who}`;
      return [{ key: `spf:permerror:${who}`, text: `SPF permerror for ${who}: ${tooMany}`, fix }];
    }
    case 'temperror': return [{ key: 'spf:temperror', text: `SPF could not be checked: ${reason ?? 'DNS error'}` }];
    default: return [];
  }
}

function receiverSide(a: Analysed): MessageFinding[] {
  const words = a.receiver.words ?? {};
  // The receiver's own word, as it wrote it (dkim=test, spf=bestguesspass), with its meaning where it is not RFC 8601's.
  const said = (check: keyof typeof words, normalized: string) => {
    const word = words[check];
    return word && word !== normalized ? `${word} (${normalized})` : normalized;
  };
  const out: MessageFinding[] = a.disagreements.map((d) => ({
    key: `disagree:${d.check}:${d.receiver}:${d.ours}`,
    text: `The receiver says ${d.check.toUpperCase()} ${said(d.check, d.receiver)}, our check says ${d.ours}: ${d.explanation}`,
  }));
  for (const check of ['spf', 'dkim', 'dmarc', 'arc'] as const) {
    const word = words[check];
    const meaning = word ? rawWordMeaning(word) : undefined;
    if (word && meaning && !a.disagreements.some((d) => d.check === check)) {
      out.push({ key: `receiver-word:${check}:${word}`, text: `The receiver wrote ${check}=${word}: ${meaning}` });
    }
  }
  if (!a.receiver.headers.some((h) => h.header === 'Authentication-Results')) {
    out.push({ key: 'receiver:none', text: 'No Authentication-Results from the receiving provider: its own verdicts are unknown' });
  }
  for (const h of a.receiver.ignored.filter((x) => x.origin === 'other-host')) {
    const claims = h.results.filter((r) => r.result === 'pass').map((r) => `${r.method}=pass`);
    if (claims.length) {
      out.push({ key: `foreign:${h.authservId}`, text: `Ignored an Authentication-Results by ${h.authservId || 'an unnamed host'} claiming ${claims.join(', ')}: not written by the receiving provider` });
    }
  }
  return out;
}

function path(a: Analysed): MessageFinding[] {
  const out: MessageFinding[] = [];
  const { ptr, sendingIp, receiverHop, hops } = a.path;
  if (sendingIp && ptr?.result === 'none') out.push({ key: 'ptr:none', text: `The sending IP ${sendingIp} has no PTR (reverse DNS) record`, fix: `have the owner of ${sendingIp} publish a PTR naming the sending host, whose A/AAAA record points back at it` });
  if (sendingIp && ptr?.result === 'fail') out.push({ key: 'ptr:fail', text: `The PTR name ${ptr.names[0]} of ${sendingIp} does not resolve back to it`, fix: `give ${ptr.names[0]} an A/AAAA record of ${sendingIp}` });
  const inbound = receiverHop === undefined ? undefined : hops[receiverHop];
  if (inbound && !inbound.tls) out.push({ key: 'tls:none', text: `The hop into the provider (${inbound.by ?? '?'}) was not encrypted with TLS`, fix: `turn on STARTTLS for outgoing mail on ${inbound.from ?? 'the last sending server'}` });
  return out;
}

function requirements(a: Analysed): MessageFinding[] {
  const failed = a.requirements.filter((r) => r.status === 'fail').map((r) => r.id);
  return failed.length ? [{ key: `requirements:${failed.join(',')}`, text: `Sender requirements not met: ${failed.join(', ')}`, fix: "meet each one as its probe's 'Provider requirements' list says (with the provider's source)" }] : [];
}

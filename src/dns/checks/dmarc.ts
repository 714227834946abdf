/**
 * DMARC posture of a domain: the record (or the one a receiver's tree walk would find above it), its
 * syntax, policy, subdomain policies, alignment, the tags RFC 9989 removed or added, and whether
 * external report destinations authorized the reports.
 */
import type { Resolver } from '../resolver.ts';
import { parentName } from '../zone/names.ts';
import { findingsFor, type Finding } from '../types.ts';
import { readDmarcRecord, reportUris } from './dmarc-record.ts';
import { lookupTagged } from './txt.ts';

const DMARC_RECORD = /^v\s*=\s*DMARC1\s*(;|$)/i;

export async function checkDmarc(resolver: Resolver, domain: string): Promise<Finding[]> {
  const f = findingsFor('dmarc', domain);
  const found = await lookupTagged(resolver, `_dmarc.${domain}`, DMARC_RECORD);
  if (found.status === 'failed') {
    return [f('error', 'lookup-failed', { message: `the lookup of _dmarc.${domain} failed: ${found.error}`, breaks: 'Receivers get the same error: DMARC temperror.', fix: `Check the name servers of ${domain}.` })];
  }
  if (found.status === 'absent') return [await missing(resolver, domain, f)];
  if (found.records.length > 1) {
    return [f('error', 'multiple-records', { message: `_dmarc.${domain} has ${found.records.length} DMARC records`, breaks: 'Receivers ignore all of them: no DMARC policy applies (dmarc=none).', fix: 'Keep exactly one "v=DMARC1; ..." record.' })];
  }
  const record = readDmarcRecord(found.records[0]);
  const tags = record.tags;
  const details = { record: found.records[0] };
  const out: Finding[] = [];
  const add = (severity: 'error' | 'warning' | 'info', id: string, text: { message: string; breaks: string; fix: string }, subject?: string) =>
    out.push(f(severity, id, text, { details, subject }));

  if (record.problems.length) {
    add('error', 'syntax', {
      message: `the DMARC record of ${domain} is malformed: ${record.problems.join('; ')}`,
      breaks: record.policy ? `Receivers apply p=${record.policy} and ignore what they cannot read.` : 'Receivers ignore the record: no DMARC policy applies.',
      fix: 'Publish "v=DMARC1; p=none; rua=mailto:dmarc@<your domain>" and tighten p once reports are clean.',
    });
  }
  if (record.policy === 'none') {
    add('warning', 'policy-none', { message: `DMARC policy is p=none for ${domain}`, breaks: 'Nothing fails, and nothing is protected: receivers deliver forged mail as usual.', fix: 'Move to p=quarantine, then p=reject, once the aggregate reports show every route aligned.' });
  }
  const sp = tags.get('sp')?.toLowerCase();
  if (sp === 'none' && record.policy && record.policy !== 'none') {
    add('info', 'subdomain-none', { message: `subdomains of ${domain} have sp=none while the domain has p=${record.policy}`, breaks: 'Forged mail from made-up subdomains is not refused.', fix: 'Remove sp=none (subdomains then inherit p) or set sp=quarantine.' });
  }
  for (const tag of ['adkim', 'aspf'] as const) {
    if (tags.get(tag)?.toLowerCase() === 's') {
      add('info', 'strict-alignment', { message: `${tag}=s: ${tag === 'adkim' ? 'DKIM' : 'SPF'} must match ${domain} exactly`, breaks: `Routes that ${tag === 'adkim' ? 'sign with d=' : 'send with a MAIL FROM at'} a subdomain of ${domain} do not align.`, fix: `Use ${tag}=r (the default) unless every route uses ${domain} itself.` }, tag);
    }
  }
  const pct = tags.get('pct');
  if (pct !== undefined) {
    add('warning', 'pct-obsolete', {
      message: `pct=${pct} is obsolete: RFC 9989 removed it`,
      breaks: Number(pct) < 100 && record.policy && record.policy !== 'none'
        ? `Receivers that follow RFC 9989 ignore pct and apply p=${record.policy} to all failing mail, not ${pct}% of it.`
        : 'Nothing today; receivers ignore it.',
      fix: 'Remove pct=; to test a stricter policy without enforcing it, use t=y.',
    }, 'pct');
  }
  for (const tag of record.obsoleteTags.filter((t) => t !== 'pct')) {
    add('info', 'obsolete-tag', { message: `${tag}= is obsolete: RFC 9989 removed it`, breaks: 'Nothing; receivers ignore it.', fix: `Remove ${tag}=.` }, tag);
  }
  if (tags.get('t')?.toLowerCase() === 'y') {
    add('warning', 'testing', { message: `t=y: the DMARC policy of ${domain} is in testing mode`, breaks: `Receivers apply one step less than p=${record.policy} (reject becomes quarantine, quarantine becomes none).`, fix: 'Remove t=y when the reports are clean.' });
  }
  for (const tag of record.unknownTags) {
    add('warning', 'unknown-tag', { message: `unknown tag "${tag}="`, breaks: 'Receivers ignore it; if it was meant as a known tag, that setting is not in effect.', fix: `Remove or correct "${tag}=".` }, tag);
  }
  await reportFindings(resolver, domain, tags, add);
  return out;
}

/** No record at the domain: a receiver's tree walk looks above it (RFC 9989 section 4.10). */
async function missing(resolver: Resolver, domain: string, f: ReturnType<typeof findingsFor>): Promise<Finding> {
  for (let parent = parentName(domain); parent; parent = parentName(parent)) {
    const found = await lookupTagged(resolver, `_dmarc.${parent}`, DMARC_RECORD);
    if (found.status !== 'found') continue;
    const policy = readDmarcRecord(found.records[0]);
    const applied = policy.tags.get('sp') ?? policy.tags.get('p') ?? 'none';
    return f('info', 'inherited', {
      message: `${domain} has no DMARC record of its own; receivers apply the one at _dmarc.${parent} (policy ${applied})`,
      breaks: 'Nothing, as long as the parent policy suits this domain.',
      fix: `Publish _dmarc.${domain} if this domain needs its own policy or reports.`,
    }, { details: { record: found.records[0] } });
  }
  return f('error', 'missing', {
    message: `${domain} publishes no DMARC record (_dmarc.${domain})`,
    breaks: 'Receivers have no policy for mail that fails SPF and DKIM alignment (dmarc=none); Gmail, Yahoo and Microsoft require DMARC from bulk senders, and you get no reports.',
    fix: `Publish a TXT record at _dmarc.${domain}: "v=DMARC1; p=none; rua=mailto:dmarc@${domain}", then tighten p.`,
  });
}

type Add = (severity: 'error' | 'warning' | 'info', id: string, text: { message: string; breaks: string; fix: string }, subject?: string) => void;

async function reportFindings(resolver: Resolver, domain: string, tags: Map<string, string>, add: Add): Promise<void> {
  if (!tags.get('rua')) {
    add('warning', 'no-rua', { message: `${domain} asks for no aggregate reports (no rua=)`, breaks: 'You cannot see which senders fail DMARC, so you cannot tighten the policy safely.', fix: `Add rua=mailto:dmarc@${domain} (or your report processor's address).` });
  }
  for (const tag of ['rua', 'ruf']) {
    for (const uri of reportUris(tags.get(tag))) {
      if (!uri.valid) {
        add('warning', 'bad-report-uri', { message: `${tag}= "${uri.uri}" is not a mailto: or https: URI`, breaks: 'Receivers send no reports to it.', fix: `Write it as ${tag}=mailto:address@domain.` }, uri.uri);
        continue;
      }
      if (!uri.mailDomain || isSameOrganization(uri.mailDomain, domain)) continue;
      const authName = `${domain}._report._dmarc.${uri.mailDomain}`;
      const auth = await lookupTagged(resolver, authName, DMARC_RECORD);
      if (auth.status !== 'found') {
        add('warning', 'report-unauthorized', {
          message: `${tag} reports go to ${uri.mailDomain}, which has not authorized them (no ${authName} TXT)`,
          breaks: 'Receivers drop reports to external destinations that did not authorize them (RFC 9990 section 3).',
          fix: `Ask ${uri.mailDomain} to publish "v=DMARC1" at ${authName} (report services do this when you sign up).`,
        }, uri.mailDomain);
      }
    }
  }
}

/** Same domain, or one is under the other: no external authorization needed. */
function isSameOrganization(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

import type { MessageFacts } from '../message/facts.ts';
import { isInconclusive } from '../auth/verdicts.ts';
import type { AuthResult, PathAnalysis, ReceiverVerdicts, RequirementCheck, VerifiedAuth } from '../types.ts';

/** Everything a requirement can be judged on. */
export interface RequirementFacts {
  receiver: ReceiverVerdicts;
  verified: VerifiedAuth;
  path: PathAnalysis;
  message: MessageFacts;
}

type Outcome = Pick<RequirementCheck, 'status' | 'detail'>;
type Evaluator = (facts: RequirementFacts) => Outcome;

const pass = (detail?: string): Outcome => (detail ? { status: 'pass', detail } : { status: 'pass' });
const fail = (detail: string): Outcome => ({ status: 'fail', detail });
const unknown = (detail: string): Outcome => ({ status: 'unknown', detail });

/** Our verdict where we have one; the receiver's when our check could not run. */
function effective(facts: RequirementFacts, check: 'spf' | 'dkim' | 'dmarc'): AuthResult {
  const ours = facts.verified[check].result;
  return isInconclusive(ours) ? facts.receiver[check] : ours;
}

function verdict(facts: RequirementFacts, check: 'spf' | 'dkim'): Outcome {
  const result = effective(facts, check);
  if (result === 'pass') return pass();
  if (isInconclusive(result)) return unknown(`${check.toUpperCase()} could not be checked`);
  return fail(`${check.toUpperCase()} ${result}`);
}

function both(a: Outcome, b: Outcome, any: boolean): Outcome {
  if (any ? a.status === 'pass' || b.status === 'pass' : a.status === 'pass' && b.status === 'pass') return pass();
  if (a.status === 'unknown' || b.status === 'unknown') return unknown([a.detail, b.detail].filter(Boolean).join(', '));
  return fail([a.detail, b.detail].filter(Boolean).join(', '));
}

function dmarcPublished(facts: RequirementFacts): Outcome {
  const { verified } = facts;
  const result = effective(facts, 'dmarc');
  if (isInconclusive(result)) return unknown('DMARC could not be checked');
  if (result === 'none' || result === 'bestguesspass') return fail(`no DMARC record for ${verified.dmarc.domain ?? facts.message.summary.fromDomain ?? 'the From domain'}`);
  if (result === 'permerror') return fail(`DMARC permerror: ${verified.dmarc.reason ?? 'invalid record'}`);
  return pass(verified.dmarc.policy ? `p=${verified.dmarc.policy}` : undefined);
}

function dmarcAligned(facts: RequirementFacts): Outcome {
  const { dmarc, dkim } = facts.verified;
  const result = effective(facts, 'dmarc');
  if (result === 'pass') return pass(dmarc.spfAligned && dmarc.dkimAligned ? 'SPF and DKIM aligned' : dmarc.spfAligned ? 'SPF aligned' : dmarc.dkimAligned ? 'DKIM aligned' : undefined);
  if (result === 'fail') return fail('neither SPF nor DKIM is aligned with the From domain');
  // No DMARC record: an aligned passing DKIM signature still shows alignment; SPF needs the PSL to judge.
  if (dkim.signatures.some((s) => s.result === 'pass' && s.aligned)) return pass('DKIM aligned');
  return unknown('no DMARC evaluation to judge alignment by');
}

function dkimAligned(facts: RequirementFacts): Outcome {
  const signatures = facts.verified.dkim.signatures;
  if (signatures.some((s) => s.result === 'pass' && s.aligned)) return pass();
  if (!signatures.length) return isInconclusive(facts.verified.dkim.result) ? unknown('DKIM could not be checked') : fail('the message is not DKIM-signed');
  const passing = signatures.filter((s) => s.result === 'pass');
  return passing.length ? fail(`DKIM passes only for ${passing.map((s) => s.domain).join(', ')}, not aligned with ${facts.message.summary.fromDomain ?? 'the From domain'}`) : fail('no DKIM signature passes');
}

function dkimKeySize(facts: RequirementFacts): Outcome {
  const sized = facts.verified.dkim.signatures.filter((s) => s.keyBits !== undefined && s.algorithm?.startsWith('rsa'));
  const weak = facts.verified.dkim.signatures.filter((s) => (s.keyBits !== undefined && s.keyBits < 1024 && s.algorithm?.startsWith('rsa')) || s.reason === 'policy: weak-key');
  if (weak.length) return fail(weak.map((s) => `d=${s.domain} s=${s.selector}: ${s.keyBits ?? 'under 1024'} bits`).join(', '));
  if (sized.length) return pass(sized.map((s) => `${s.keyBits} bits`).join(', '));
  return facts.verified.dkim.signatures.length ? unknown('key size not known') : { status: 'not-applicable', detail: 'no DKIM signature' };
}

function ptrValid(facts: RequirementFacts): Outcome {
  const { ptr, sendingIp } = facts.path;
  if (!sendingIp) return unknown('the sending IP is not known');
  if (!ptr || ptr.result === 'temperror' || ptr.result === 'unknown') return unknown(`reverse DNS of ${sendingIp} could not be looked up`);
  if (ptr.forwardConfirmed) return pass(ptr.names[0]);
  if (!ptr.names.length) return fail(`${sendingIp} has no PTR record`);
  return fail(`PTR ${ptr.names[0]} does not resolve back to ${sendingIp}`);
}

/** Generic PTR names carry the IP's digits or words like "dynamic"/"dsl" (GMX and WEB.DE reject them). */
function ptrNotGeneric(facts: RequirementFacts): Outcome {
  const { ptr, sendingIp } = facts.path;
  const name = ptr?.names[0];
  if (!name || !sendingIp) return unknown('no PTR name to judge');
  const octets = sendingIp.split('.');
  const carriesIp = octets.length === 4 && (name.includes(octets.join('-')) || name.includes([...octets].reverse().join('-')) || name.includes(octets.join('.')));
  if (carriesIp || /(^|[.-])(dyn|dynamic|dsl|dialup|dhcp|pool|cable|ppp|static-ip|client|broadband)([.-]|\d|$)/i.test(name)) return fail(`${name} looks generic`);
  return pass(name);
}

function tls(facts: RequirementFacts): Outcome {
  const at = facts.path.receiverHop;
  if (at === undefined) return unknown('the provider\'s inbound hop was not found');
  const hop = facts.path.hops[at];
  return hop.tls ? pass(hop.with) : fail(`the hop into ${hop.by ?? 'the provider'} was not encrypted (with ${hop.with ?? '?'})`);
}

function rfc5322(facts: RequirementFacts): Outcome {
  const { counts, fromAddresses, dateValid, messageIdValid, summary } = facts.message;
  const problems: string[] = [];
  if (counts.from !== 1) problems.push(`${counts.from} From fields`);
  else if (!summary.fromDomain) problems.push('From has no valid address');
  if (counts.date !== 1) problems.push(`${counts.date} Date fields`);
  else if (!dateValid) problems.push('Date is not a valid date');
  if (counts.messageId !== 1) problems.push(`${counts.messageId} Message-ID fields`);
  else if (!messageIdValid) problems.push('Message-ID is not <id@domain>');
  else if (/SMTPIN_ADDED/i.test(summary.messageId ?? '')) problems.push('Message-ID was added by Gmail: the sender sent none');
  for (const key of ['sender', 'to', 'subject'] as const) if (counts[key] > 1) problems.push(`${counts[key]} ${key} fields`);
  if (fromAddresses.length > 1 && counts.sender === 0) problems.push('several From addresses without a Sender field');
  return problems.length ? fail(problems.join(', ')) : pass();
}

/** RFC 8058: an https List-Unsubscribe, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, both under a passing DKIM signature. */
function oneClickUnsubscribe(facts: RequirementFacts): Outcome {
  const { listUnsubscribe, listUnsubscribePost } = facts.message;
  if (!listUnsubscribe) return fail('no List-Unsubscribe header');
  if (!/<https:[^>]+>/i.test(listUnsubscribe)) return fail('List-Unsubscribe has no https URI');
  if (!/^\s*List-Unsubscribe\s*=\s*One-Click\s*$/i.test(listUnsubscribePost ?? '')) return fail('no "List-Unsubscribe-Post: List-Unsubscribe=One-Click"');
  const signed = facts.verified.dkim.signatures.some((s) => s.result === 'pass' && s.signedHeaders?.includes('list-unsubscribe') && s.signedHeaders.includes('list-unsubscribe-post'));
  return signed ? pass() : fail('List-Unsubscribe and List-Unsubscribe-Post are not covered by a passing DKIM signature');
}

function listUnsubscribe(facts: RequirementFacts): Outcome {
  return facts.message.listUnsubscribe && /<(https?|mailto):[^>]+>/i.test(facts.message.listUnsubscribe) ? pass() : fail('no usable List-Unsubscribe header');
}

export const CHECKS = {
  'spf-pass': (f: RequirementFacts) => verdict(f, 'spf'),
  'dkim-pass': (f: RequirementFacts) => verdict(f, 'dkim'),
  'spf-or-dkim-pass': (f: RequirementFacts) => both(verdict(f, 'spf'), verdict(f, 'dkim'), true),
  'spf-and-dkim-pass': (f: RequirementFacts) => both(verdict(f, 'spf'), verdict(f, 'dkim'), false),
  'dmarc-published': dmarcPublished,
  'dmarc-aligned': dmarcAligned,
  'dkim-aligned': dkimAligned,
  'dkim-key-1024': dkimKeySize,
  'ptr-valid': ptrValid,
  'ptr-not-generic': ptrNotGeneric,
  tls,
  rfc5322,
  'one-click-unsubscribe': oneClickUnsubscribe,
  'list-unsubscribe': listUnsubscribe,
  'manual-imprint': (f: RequirementFacts) => unknown(`check by hand: ${f.path.ptr?.names[0] ?? 'the sending host\'s name'} must lead to a website naming its operator`),
} satisfies Record<string, Evaluator>;

export type CheckId = keyof typeof CHECKS;

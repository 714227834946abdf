/**
 * The analysis stage: what the receiver saw, checked again. `analyzeMessage` reads one captured message
 * into a MessageAnalysis (types.ts); the pure pieces are exported for the reporters, `landed inspect`
 * and `dns plan`. Nothing here throws on a hostile or broken message: it says what it could not read.
 */
import { readArcChain } from './auth/arc-chain.ts';
import { receiverHostPatterns } from './auth/authserv-match.ts';
import { findDisagreements } from './auth/disagreements.ts';
import { readReceiverVerdicts } from './auth/receiver.ts';
import { selectTrustedHeaders } from './auth/trust.ts';
import { unverified, verifyMessage } from './auth/verify.ts';
import { DEFAULT_DNS_BUDGET_MS, MAX_LOOKUP_MS, type AnalysisContext } from './analysis-context.ts';
import { guardResolver } from './dns-guard.ts';
import { readReceivedChain } from './hops/chain.ts';
import { locateInboundHop } from './hops/inbound.ts';
import { asIp } from './hops/ip.ts';
import { buildPath } from './hops/path.ts';
import { checkReverseDns } from './hops/reverse-dns.ts';
import { cap, LIMITS } from './limits.ts';
import { readMessageFacts } from './message/facts.ts';
import { detectForwarding } from './message/forwarding.ts';
import { readHeaderBlock } from './message/headers.ts';
import { evaluateRequirements } from './requirements/evaluate.ts';
import { findingsOf } from './summary/findings.ts';
import type { MessageAnalysis } from './types.ts';

export type { AnalysisContext } from './analysis-context.ts';
export type { MessageAnalysis } from './types.ts';
export { parseAuthenticationResults, type ParsedAuthResults } from './auth/authres-parse.ts';
export { matchesAuthservId } from './auth/authserv-match.ts';
export { selectTrustedHeaders, type TrustOptions, type TrustSelection } from './auth/trust.ts';
export { normalizeVerdict } from './auth/verdicts.ts';
export { verifyMessage } from './auth/verify.ts';
export { parseReceived } from './hops/received.ts';
export { checkReverseDns } from './hops/reverse-dns.ts';
export { readHeaderBlock, type HeaderField } from './message/headers.ts';
export { evaluateRequirements } from './requirements/evaluate.ts';
export { RULE_SETS, ruleSets, type RequirementRule } from './requirements/rules.ts';
export { findingsOf, type MessageFinding } from './summary/findings.ts';
export { formatAnalysis } from './summary/text.ts';

export async function analyzeMessage(raw: Buffer, context: AnalysisContext): Promise<MessageAnalysis> {
  const problems: string[] = [];
  try {
    return await analyze(raw, context, problems);
  } catch (error) {
    // A bug, not a message problem: still an answer, never a crash of the run.
    problems.push(`analysis stopped: ${cap(String((error as Error)?.message ?? error), LIMITS.short)}`);
    return emptyAnalysis(raw.length, problems);
  }
}

async function analyze(raw: Buffer, context: AnalysisContext, problems: string[]): Promise<MessageAnalysis> {
  const block = readHeaderBlock(raw);
  problems.push(...block.problems);
  const authservIds = context.authservIds ?? [];
  const received = readReceivedChain(block.fields, problems);
  const positions = received.map((p) => ({ index: p.index, by: p.hop.by }));
  const selection = selectTrustedHeaders(block.fields, positions, {
    authservIds,
    authResultsWithoutId: context.authResultsWithoutId,
    receiverHosts: context.receiverHosts,
  });
  problems.push(...selection.notes);
  const receiver = readReceiverVerdicts(selection, block.fields, positions);
  const ids = authservIds.length ? authservIds : receiver.authservId ? [receiver.authservId] : [];
  const inbound = locateInboundHop(received, selection.trusted, receiver.ip, receiverHostPatterns(ids, context.receiverHosts));
  const path = buildPath(received, inbound, problems);
  const envelopeIp = asIp(context.envelope?.ip);
  if (!path.sendingIp && envelopeIp) {
    path.sendingIp = envelopeIp;
    path.sendingIpSource = 'the run\'s record of the SMTP connection';
  }
  const facts = readMessageFacts(block.fields, raw.length);
  const inboundHop = path.receiverHop === undefined ? undefined : path.hops[path.receiverHop];
  const smtp = {
    ip: path.sendingIp,
    sender: facts.summary.returnPath ?? context.envelope?.mailFrom,
    helo: context.envelope?.helo ?? (inboundHop?.from && !asIp(inboundHop.from) ? inboundHop.from : undefined),
  };
  const budgetMs = context.timeoutMs ?? DEFAULT_DNS_BUDGET_MS;
  const dns = guardResolver(context.resolver, { timeoutMs: Math.min(MAX_LOOKUP_MS, budgetMs), budgetMs });
  const tooLarge = block.truncated || raw.length > LIMITS.verifyBytes;
  const [verification, ptr] = await Promise.all([
    tooLarge
      ? { verified: unverified('the message is too large to verify'), problems: ['not verified: the message or its header is larger than landed reads'] }
      : verifyMessage(raw.subarray(block.headerOffset), smtp, dns.resolve),
    path.sendingIp ? checkReverseDns(path.sendingIp, dns.resolve) : undefined,
  ]);
  if (ptr) path.ptr = ptr;
  problems.push(...verification.problems, ...dns.failures.map((f) => `DNS lookup failed: ${f}`));
  const verified = verification.verified;
  const disagreements = findDisagreements(receiver, verified);
  const sets = context.requirements ?? [];
  const requirements = evaluateRequirements({ receiver, verified, path, message: facts }, sets, context.bulk ?? false);
  const arc = readArcChain(block.fields, receiver, verified);
  const forwarded = detectForwarding(block.fields, arc, facts.summary.returnPath, context.envelope?.mailFrom);
  const analysis = { receiver, verified, ...(arc ? { arc } : {}), ...(forwarded ? { forwarded } : {}), disagreements, path, requirements, problems, message: facts.summary };
  return { ...analysis, reasons: findingsOf(analysis).map((f) => f.text) };
}

function emptyAnalysis(sizeBytes: number, problems: string[]): MessageAnalysis {
  return {
    receiver: { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown', arc: 'unknown', spamHints: {}, headers: [], ignored: [] },
    verified: unverified('analysis stopped'),
    disagreements: [],
    path: { hops: [] },
    requirements: [],
    reasons: [],
    problems,
    message: { sizeBytes },
  };
}

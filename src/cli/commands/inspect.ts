import { resolve } from 'node:path';
import { analyzeMessage, formatAnalysis } from '../../analysis/index.ts';
import { LIMITS } from '../../analysis/limits.ts';
import { readCapped, readStreamCapped } from '../../capped-read.ts';
import { LandedError } from '../../errors.ts';
import { getProvider, listProviders, providerContext } from '../../providers/index.ts';
import type { Command } from '../command.ts';
import { placesOf } from '../config-option.ts';
import { resolverFor } from '../dns-context.ts';
import { ExitCode } from '../exit-codes.ts';

export const inspectCommand: Command = {
  path: ['inspect'],
  summary: 'analyse one saved message (.eml): what the receiver saw, checked again, and why it failed',
  usage: `Usage: landed inspect FILE.eml [options]

Reads a message as a mailbox delivered it (a saved .eml, "show original", a customer's complaint; '-' reads
standard input) and prints: the receiving provider's own verdicts (only the Authentication-Results it wrote;
headers the sender brought are listed as ignored), our independent SPF/DKIM/DMARC/ARC check with mailauth,
the delivery path with TLS and delays, the sending IP's reverse DNS, the provider's sender requirements,
and one line per problem found.

Options:
  --provider ID            the receiving provider's preset (gmail, outlook, yahoo...): its authserv-ids and rules
  --authserv-id ID         authserv-id the receiver writes (exact or *.suffix; repeatable); without it and
                           without --provider, the topmost Authentication-Results is taken as the receiver's
  --requirements SET       judge against these providers' rules (gmail, yahoo, outlook, icloud, gmx, t-online,
                           all; repeatable; default: the provider's)
  --bulk                   the message is bulk mail: bulk-only requirements apply
  --config FILE            landed.yaml whose dns.servers to check against (default: ./landed.yaml when there is
                           one; no secret is needed)
  --dns ADDR[:PORT]        DNS server for the checks; wins over the config (default: the config's dns.servers,
                           else the system resolver)
  --json                   print the analysis as JSON (the shape results.json carries per probe)

Exit codes: 0 nothing to report, 1 the message has findings, 2 usage or input error.`,
  options: {
    provider: { type: 'string' },
    'authserv-id': { type: 'string', multiple: true },
    requirements: { type: 'string', multiple: true },
    bulk: { type: 'boolean', default: false },
    dns: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new LandedError('USAGE', 'name one message file', { hint: 'landed inspect FILE.eml (or - for standard input)' });
    const provider = values.provider as string | undefined;
    if (provider && !getProvider(provider)) {
      throw new LandedError('UNKNOWN_ID', `no provider preset "${provider}"`, { hint: `Known: ${listProviders().map((p) => p.id).join(', ')}` });
    }
    // A lab message checked against the system resolver would read "no DMARC record": use the config's DNS.
    const { dnsServers } = await placesOf(values, io);
    const raw = await readMessage(positionals[0], io.cwd, process.stdin, io.signal);
    const analysis = await analyzeMessage(raw, {
      ...(provider ? providerContext(provider) : { authservIds: [] }),
      ...(values['authserv-id'] ? { authservIds: values['authserv-id'] as string[] } : {}),
      ...(values.requirements ? { requirements: values.requirements as string[] } : {}),
      bulk: values.bulk as boolean,
      resolver: resolverFor(dnsServers),
    });
    io.stdout.write(values.json ? `${JSON.stringify(analysis, null, 2)}\n` : formatAnalysis(analysis));
    return analysis.reasons.length ? ExitCode.failed : ExitCode.ok;
  },
};

async function readMessage(file: string, cwd: string, stdin: NodeJS.ReadableStream, signal: AbortSignal): Promise<Buffer> {
  const options = { maxBytes: LIMITS.verifyBytes, shownAs: file === '-' ? 'stdin' : file, allowFifo: true, signal };
  return file === '-' ? readStreamCapped(stdin, options) : readCapped(resolve(cwd, file), options);
}

import { connectLab } from '../../lab/index.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { labDir } from './lab.ts';

export const labDmarcReportsCommand: Command = {
  path: ['lab', 'dmarc-reports'],
  summary: 'make the lab providers mail their DMARC aggregate reports to the rua of the lab domains now',
  usage: `Usage: landed lab dmarc-reports [--dir DIR]

The lab providers (strict, bulk, isp) keep what they received as DMARC receivers do. This makes each send
one RFC 9990 aggregate report per domain, gzipped, to the rua of that domain's DMARC record (acme.test:
dmarc@acme.test on the mail host); what was reported is then forgotten. 'landed dmarc fetch --config
DIR/landed.yaml' reads them.

  --dir DIR   the lab (default: .lab)`,
  options: { dir: { type: 'string' } },
  async run({ values }, io) {
    const lab = await connectLab(labDir(values, io));
    const sent = await lab.sendDmarcReports();
    for (const r of sent) io.stdout.write(`${r.provider}: ${r.domain} report ${r.reportId} (${r.records} records, ${r.messages} messages) to ${r.to}: ${r.outcome}\n`);
    if (!sent.length) io.stdout.write('nothing to report: no provider received mail for a domain with a rua since the last reports\n');
    return sent.every((r) => r.outcome === 'delivered') ? ExitCode.ok : ExitCode.failed;
  },
};

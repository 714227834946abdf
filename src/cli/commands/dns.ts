import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkDomains, sortFindings } from '../../dns/checks/index.ts';
import { blocklistsFor, blocklistSubjects } from '../dns-blocklists.ts';
import { checkBlocklists } from '../../dns/blocklists/check.ts';
import { addSelectorOptions, configuredSelectors, evidenceFromRun, parseZoneOption, resolverFor, routeDomains } from '../dns-context.ts';
import { planDnsChange } from '../../dns-plan/plan.ts';
import { loadRun, type LoadedRun } from '../../dns-plan/run-input.ts';
import { renderPlanMarkdown } from '../../dns-plan/render-markdown.ts';
import { renderFindingsText } from '../../dns/render/text.ts';
import { renderPlanText } from '../../dns-plan/render-text.ts';
import { loadZoneFile } from '../../dns/zone/load.ts';
import { placesOf } from '../config-option.ts';
import { LandedError } from '../../errors.ts';
import { palette } from '../../text/colour.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { shownPath } from '../paths.ts';

const common = {
  config: { type: 'string' },
  dns: { type: 'string' },
  reports: { type: 'string' },
  'from-run': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export const dnsCheckCommand: Command = {
  path: ['dns', 'check'],
  summary: 'check SPF, DKIM, DMARC, MX, PTR, MTA-STS, TLS-RPT and BIMI of the domains the routes send from',
  usage: `Usage: landed dns check [DOMAIN...] [options]

Checks the DNS of the domains the configured routes send from (or the DOMAINs given): SPF (syntax, the
10-lookup and 2-void limits, all terms, coverage of the real sending addresses), DKIM keys of the selectors
in use, DMARC (with the RFC 9989 changes), MX, PTR of the sending addresses, MTA-STS, TLS-RPT and BIMI.
Sending addresses and selectors come from the latest run when there is one.

Options:
  --config FILE            landed.yaml (default: ./landed.yaml; not needed when DOMAINs are given)
  --dns ADDR[:PORT]        DNS server to ask (default: the config's dns.servers, else the system resolver)
  --from-run RUN           run whose sending addresses and selectors to check: latest (default), RUN_ID or none
  --reports DIR            where runs are kept (default: the config's reports folder, else ./reports)
  --selector [DOMAIN:]SEL  also check this DKIM selector (repeatable)
  --blocklist ZONE         DNS blocklist to test and ask (repeatable; domain:ZONE for a domain list; none: no
                           list); default: landed.yaml's \`blocklists\`, else docs/blocklists.md's set. Each list
                           is tested first (127.0.0.2 listed, 127.0.0.1 not): one that fails gives "no usable
                           answer", never "clean"
  --json                   print the findings as JSON

Exit codes: 0 no error found, 1 an error-severity finding, 2 usage or input error.`,
  options: { ...common, selector: { type: 'string', multiple: true }, blocklist: { type: 'string', multiple: true } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const { config, reportsDir, dnsServers } = await placesOf(values, io, positionals.length === 0);
    const domains = positionals.length ? positionals : routeDomains(config);
    if (!domains.length) throw new LandedError('USAGE', 'no domain to check', { hint: 'Name domains (landed dns check acme.example) or configure routes in landed.yaml.' });
    const run = await runOption((values['from-run'] as string | undefined) ?? 'latest', reportsDir);
    const lists = blocklistsFor(values.blocklist as string[] | undefined, config);
    const evidence = evidenceFromRun(run);
    const resolver = resolverFor(dnsServers);
    const [posture, listed] = await Promise.all([
      checkDomains(domains, resolver, {
        sendingIps: evidence.sendingIps,
        selectors: addSelectorOptions(evidence.selectors, [...configuredSelectors(config), ...((values.selector as string[] | undefined) ?? [])], domains),
      }),
      lists.length ? blocklistSubjects(resolver, domains, evidence.sendingIps, config).then((subjects) => checkBlocklists(resolver, lists, subjects)) : [],
    ]);
    const findings = sortFindings([...posture, ...listed]);
    if (values.json) io.stdout.write(`${JSON.stringify({ domains, run: run?.result.runId, findings }, null, 2)}\n`);
    else io.stdout.write(renderFindingsText(findings, palette(Boolean(io.stdout.isTTY), io.env)));
    return findings.some((f) => f.severity === 'error') ? ExitCode.failed : ExitCode.ok;
  },
};

export const dnsPlanCommand: Command = {
  path: ['dns', 'plan'],
  summary: 'before publishing a DNS change: which routes would fail at which provider',
  usage: `Usage: landed dns plan --zone [ORIGIN=]FILE... [options]

Lays the proposed zones over today's DNS (names under a proposed apex are answered only from the proposal)
and replays the messages the latest run captured (their sending address, envelope sender and DKIM
signatures) through mailauth against both, per route x provider; compares the DNS findings of the domains
it touches. With no run to replay it says so loudly and exits 5: the records alone cannot clear a change.

Options:
  --zone [ORIGIN=]FILE  proposed zone: a BIND zone file, or OctoDNS YAML (.yaml/.yml, named <zone>.yaml);
                        repeatable. ORIGIN= is needed only when neither the file nor its name says the zone
  --from-run RUN        replay this run: latest (default) or a run id
  --records-only        judge the proposal's records alone, replay no run (exit 0 possible without a run)
  --config FILE         landed.yaml (default: ./landed.yaml, optional)
  --dns ADDR[:PORT]     today's DNS (default: the config's dns.servers, else the system resolver)
  --reports DIR         where runs are kept (default: the config's reports folder, else ./reports)
  --json                print the plan as JSON
  --markdown FILE       also write the plan as Markdown, for a pull-request comment or job summary

Exit codes: 0 no regression, 1 a regression (a pass that fails, a new error), 2 usage or input error,
5 no run to replay (no route judged; run 'landed run' first, or give --records-only).

Examples:
  landed dns plan --zone dns/acme.example.zone                       # replays the latest run
  landed dns plan --zone dns/acme.example.zone --markdown plan.md    # also a pull-request comment
  landed dns plan --zone acme.example=dns/records.txt --records-only # no run: the records alone`,
  options: { ...common, zone: { type: 'string', multiple: true }, markdown: { type: 'string' }, 'records-only': { type: 'boolean', default: false } },
  async run({ values }, io) {
    const zoneOptions = (values.zone as string[] | undefined) ?? [];
    if (!zoneOptions.length) throw new LandedError('USAGE', 'no proposed zone', { hint: 'Give --zone FILE (a BIND zone file or OctoDNS YAML).' });
    const zones = await Promise.all(zoneOptions.map(parseZoneOption).map((z) => loadZoneFile(resolve(io.cwd, z.file), { origin: z.origin, shownAs: z.file, signal: io.signal })));
    const { config, reportsDir, dnsServers } = await placesOf(values, io);
    const recordsOnly = values['records-only'] === true;
    const fromRun = values['from-run'] as string | undefined;
    if (recordsOnly && fromRun) throw new LandedError('USAGE', '--records-only and --from-run contradict each other', { hint: 'Give one: --from-run RUN replays a run, --records-only replays none.' });
    const run = recordsOnly ? undefined : await runOption(fromRun ?? 'latest', reportsDir);
    const plan = await planDnsChange({
      zones,
      run,
      recordsOnly,
      runsLookedFor: shownPath(reportsDir, io),
      baseResolver: resolverFor(dnsServers),
      domains: routeDomains(config),
    });
    if (values.markdown) await writeFile(resolve(io.cwd, values.markdown as string), renderPlanMarkdown(plan));
    if (values.json) io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    else io.stdout.write(renderPlanText(plan, palette(Boolean(io.stdout.isTTY), io.env)));
    return plan.regressions.length ? ExitCode.failed : plan.notReplayed ? ExitCode.notReplayed : ExitCode.ok;
  },
};

/** The run named by --from-run; `latest` with no run at all is no run (the caller says what that means). */
async function runOption(which: string, reportsDir: string): Promise<LoadedRun | undefined> {
  if (which === 'none') return undefined;
  try {
    return await loadRun(reportsDir, which);
  } catch (error) {
    if (which === 'latest' && error instanceof LandedError && error.code === 'RUN_NOT_FOUND') return undefined;
    throw error;
  }
}

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LabInfo, LabMailbox } from '../types.ts';
import { LAB_BLOCKLISTS } from './blocklist-zones.ts';

/** The secrets landed.yaml refers to; their values go to DIR/.env (mode 0600), never into landed.yaml. */
export const LAB_ENV = { relay: 'LAB_RELAY_PASS', seed: 'LAB_SEED_PASS', bounce: 'LAB_BOUNCE_PASS' } as const;

const SCHEMA_DIR = fileURLToPath(new URL('../../../schema/', import.meta.url));

/** Points editors at the repository's JSON Schema, when this checkout has it. */
function schemaComment(file: string): string[] {
  return existsSync(SCHEMA_DIR + file) ? [`# yaml-language-server: $schema=${SCHEMA_DIR}${file}`] : [];
}

/**
 * A ready-to-use landed.yaml for the lab: `landed run --config DIR/landed.yaml` works right after `lab up`.
 * With `forwarded`, the seeds behind the lab's forwarder and lists too (DIR/landed-forwarding.yaml): kept
 * out of landed.yaml so a scenario that says `seeds: all` there means the providers reached directly.
 */
export function landedYaml(info: LabInfo, options: { forwarded?: boolean } = {}): string {
  const q = (s: string) => JSON.stringify(s);
  const imap = (box: LabMailbox, passVar: string) =>
    `{ host: ${box.imap.host}, port: ${box.imap.port}, security: starttls, auth: { user: ${q(box.user)}, pass: "\${${passVar}}" }, tls: { ca: ./ca.pem } }`;
  const lines = [
    ...schemaComment('landed.schema.json'),
    `# landed.yaml for the local lab ${info.prefix}.0/24, written by 'landed lab up'.`,
    '# Passwords are in .env beside this file, which landed run loads. The lab world is described in docs/lab.md.',
    'dns:',
    `  servers: [${q(`${info.dns.host}:${info.dns.port}`)}]`,
    '# The lab\'s own DNS blocklists (the internal route\'s address is listed): landed dns check tests and asks them.',
    `blocklists: [${LAB_BLOCKLISTS.ip}, domain:${LAB_BLOCKLISTS.domain}]`,
    'routes:',
  ];
  for (const r of Object.values(info.routes)) {
    const auth = r.auth ? `, auth: { user: ${q(r.auth.user)}, pass: "\${${LAB_ENV.relay}}" }, tls: { ca: ./ca.pem }` : '';
    lines.push(
      `  # ${r.mistake}`,
      `  ${r.id}:`,
      `    smtp: { host: ${r.host}, port: ${r.port}, security: ${r.security}${auth} }`,
      `    from: ${q(r.from)}`,
      ...(r.envelopeFrom ? [`    envelopeFrom: ${q(r.envelopeFrom)}`] : []),
      ...(r.dkimSelectors.length ? [`    dkimSelectors: [${r.dkimSelectors.join(', ')}]`] : []),
      '    bounces:',
      `      imap: ${imap(info.bounceMailboxes[r.bounceMailbox], LAB_ENV.bounce)}`,
    );
  }
  lines.push('seeds:');
  for (const [id, seed] of Object.entries(info.seeds)) {
    const provider = info.providers[seed.provider];
    lines.push(
      `  # ${provider.style}`,
      `  ${id}:`,
      `    address: ${seed.address}`,
      `    provider: lab-${provider.id}   # the preset knows its junk folder, authserv-id and sender rules`,
      `    imap: ${imap(seed, LAB_ENV.seed)}`,
      `    tags: [lab, direct, ${provider.id}]`,
    );
  }
  for (const [id, seed] of Object.entries(options.forwarded ? info.forwardedSeeds : {})) {
    lines.push(
      `  # behind the lab's ${seed.service === 'forward' ? 'forwarder' : 'mailing list'} ${seed.address}: probes go there, arrive in ${seed.user}`,
      `  ${id}:`,
      `    address: ${seed.address}`,
      `    provider: lab-${seed.provider}`,
      `    imap: ${imap(seed, LAB_ENV.seed)}`,
      `    tags: [lab, forwarded, ${seed.service}]`,
    );
  }
  lines.push(
    '# the rua mailbox of acme.test: `landed lab dmarc-reports` makes the providers report, `landed dmarc fetch` reads them',
    'dmarc:',
    `  address: ${info.dmarcMailbox.user}`,
    `  imap: ${imap(info.dmarcMailbox, LAB_ENV.bounce)}`,
  );
  return `${lines.join('\n')}\n`;
}

export function labEnvFile(info: LabInfo): string {
  return [
    '# Secrets of the lab in this folder, written by landed lab up. Never commit this file.',
    `${LAB_ENV.relay}=${info.passwords.relay}`,
    `${LAB_ENV.seed}=${info.passwords.seed}`,
    `${LAB_ENV.bounce}=${info.passwords.bounce}`,
    `LAB_APP_TOKEN=${info.passwords.app}`,
    '',
  ].join('\n');
}

/**
 * A scenario that states the lab's truth table as expectations, so a run against a healthy lab passes:
 * the relay lands in the inbox, the internal server and the ERP are junked or (strict provider) refused.
 */
export function labScenario(info: LabInfo): string {
  const routes = Object.keys(info.routes);
  const expectations: Record<string, string> = {
    relay: '{ placement: inbox, spf: pass, dkim: pass, dmarc: pass }',
    internal: '{ placement: [spam, rejected] }',
    erp: '{ placement: [spam, rejected] }',
    'stale-dkim': '{ placement: inbox, dkim: fail, dmarc: pass }',
    'no-dmarc': '{ placement: inbox, dkim: pass, dmarc: none }',
  };
  return [
    ...schemaComment('scenario.schema.json'),
    '# The lab\'s truth table as expectations (docs/lab.md). Written by landed lab up.',
    'name: lab-truth-table',
    'description: Every lab route to every lab seed; passes when the lab world behaves as documented.',
    'message:',
    '  subject: landed lab probe',
    '  text: This probe was sent through the landed lab.',
    'expect:',
    '  routes:',
    ...routes.filter((r) => expectations[r]).map((r) => `    ${r}: ${expectations[r]}`),
    'timeout: 60s',
    '',
  ].join('\n');
}

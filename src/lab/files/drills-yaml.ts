import type { LabInfo, LabMailbox } from '../types.ts';
import { LAB_ENV } from './landed-yaml.ts';

/** The application's bearer token in DIR/.env, which drills.yaml refers to. */
export const LAB_APP_ENV = 'LAB_APP_TOKEN';

/**
 * DIR/drills.yaml: the routes and seeds of the drills (issue 16), apart from landed.yaml so the demo and the
 * truth table stay as they are. `spoof` and `lookalike` forge mail straight to the recipients' MX as an
 * outsider (`direct`); `erp-app` and `erp-cmd` make the lab's ERP-like application send through its own
 * queue (`http`, `command`). Seeds: the employee behind the company's own inbound MX, and the strict provider.
 */
export function drillsYaml(info: LabInfo, node: string): string {
  const q = (s: string) => JSON.stringify(s);
  const { drills } = info;
  const imap = (box: LabMailbox, passVar: string) =>
    `{ host: ${box.imap.host}, port: ${box.imap.port}, security: starttls, auth: { user: ${q(box.user)}, pass: "\${${passVar}}" }, tls: { ca: ./ca.pem } }`;
  const direct = `{ port: ${info.mailhost.mx.port}, localAddress: ${drills.outsider.address}, helo: ${drills.outsider.helo} }`;
  const app = drills.app.url;
  const strict = Object.entries(info.seeds).find(([, s]) => s.provider === 'strict')!;
  return [
    `# The drills of the local lab ${info.prefix}.0/24, written by 'landed lab up' (docs/lab.md, docs/drills.md).`,
    `#   landed run --config drills.yaml drills/spoof.yaml drills/lookalike.yaml   forged and look-alike mail`,
    `#   landed run --config drills.yaml drills/erp-app.yaml                       the ERP sends through its own queue`,
    'scenarios: drills',
    'dns:',
    `  servers: [${q(`${info.dns.host}:${info.dns.port}`)}]`,
    'routes:',
    '  # An outsider delivering straight to the recipient\'s MX, forging the company\'s own domain (Direct Send).',
    '  spoof:',
    `    direct: ${direct}`,
    `    from: ${q(`Acme CEO <ceo@${drills.ownDomain}>`)}`,
    '  # The same outsider with a domain one letter off.',
    '  lookalike:',
    `    direct: ${direct}`,
    `    from: ${q(`Acme CEO <ceo@${drills.lookalikeDomain}>`)}`,
    '  # The ERP-like application: a request to its endpoint puts the message in its own queue.',
    '  erp-app:',
    '    http:',
    `      url: ${app}/api/mail`,
    `      headers: { Authorization: "Bearer \${${LAB_APP_ENV}}" }`,
    '      body: { to: "{{to}}", from: "{{from}}", subject: "{{subject}}", text: "{{text}}", messageId: "{{messageId}}" }',
    `      status: ${app}/api/mail/{{id}}`,
    '    from: "Acme Orders <orders@acme.test>"',
    '  # The same application, through a command that gets the probe as JSON on standard input.',
    '  erp-cmd:',
    '    command:',
    `      run: [${q(node)}, ./bin/erp-enqueue.mjs, ${q(`${app}/api/mail`)}]`,
    `      env: { ${LAB_APP_ENV}: "\${${LAB_APP_ENV}}" }`,
    '    from: "Acme Orders <orders@acme.test>"',
    'seeds:',
    '  # An employee behind the company\'s own inbound MX (the mail host); `landed lab` knob enforceDmarc.',
    `  ${drills.ownSeed.id}:`,
    `    address: ${drills.ownSeed.address}`,
    '    provider: imap',
    `    authservIds: [${info.mailhost.authservId}]`,
    `    folders: { spam: ${info.mailhost.junkFolder} }`,
    `    imap: ${imap(drills.ownSeed, LAB_ENV.bounce)}`,
    '    tags: [own]',
    `  ${strict[0]}:`,
    `    address: ${strict[1].address}`,
    `    provider: lab-strict`,
    `    imap: ${imap(strict[1], LAB_ENV.seed)}`,
    '    tags: [lab, strict]',
    '',
  ].join('\n');
}

/** The spoof drill: forged and look-alike mail must be refused or junked, never in an inbox. */
export function spoofScenario(info: LabInfo): string {
  const strict = Object.keys(info.seeds).find((id) => info.seeds[id].provider === 'strict')!;
  return [
    '# The spoof drill (docs/drills.md): a mail forged as the company\'s own domain, delivered straight to the',
    '# recipients\' MX as an outsider would. In an inbox it is the most serious finding.',
    'name: spoof-drill',
    'drill: spoof',
    `routes: [spoof]`,
    `seeds: [${info.drills.ownSeed.id}, ${strict}]`,
    'message:',
    '  subject: Urgent wire transfer',
    '  text: Please pay the attached invoice today. This was a landed spoof drill.',
    'expect:',
    '  placement: [rejected, spam]',
    'timeout: 30s',
    '',
  ].join('\n');
}

export function lookalikeScenario(info: LabInfo): string {
  const strict = Object.keys(info.seeds).find((id) => info.seeds[id].provider === 'strict')!;
  return [
    '# The look-alike variant of the spoof drill: the From domain is one letter off the company\'s.',
    'name: lookalike-drill',
    'drill: lookalike',
    `routes: [lookalike]`,
    `seeds: [${info.drills.ownSeed.id}, ${strict}]`,
    'message:',
    '  subject: Urgent wire transfer',
    '  text: Please pay the attached invoice today. This was a landed look-alike drill.',
    'expect:',
    '  placement: [rejected, spam]',
    'timeout: 30s',
    '',
  ].join('\n');
}

export function erpAppScenario(info: LabInfo): string {
  return [
    '# The ERP-like application sends through its own queue (docs/drills.md).',
    'name: erp-app',
    'routes: [erp-app, erp-cmd]',
    `seeds: [${info.drills.ownSeed.id}]`,
    'message:',
    '  subject: Your order confirmation',
    '  text: Thank you for your order. It ships tomorrow.',
    'expect:',
    '  placement: inbox',
    'timeout: 30s',
    '',
  ].join('\n');
}

/**
 * DIR/bin/erp-enqueue.mjs: what a `command` route runs. It reads the probe as JSON on standard input and
 * posts it to the application, as a site's own script or CLI would.
 */
export const ERP_ENQUEUE_SCRIPT = `// Reads a landed probe (JSON) on stdin, queues it in the lab's ERP-like application. Exit 0: accepted.
const [url] = process.argv.slice(2);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const probe = JSON.parse(input);
const res = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: \`Bearer \${process.env.${LAB_APP_ENV}}\` },
  body: JSON.stringify({ to: probe.to, from: probe.from, subject: probe.subject, text: probe.text, messageId: probe.messageId }),
});
const body = await res.text();
process.stdout.write(body);
process.exitCode = res.ok ? 0 : 1;
`;

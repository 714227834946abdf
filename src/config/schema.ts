/**
 * What the user writes: landed.yaml and scenarios/*.yaml. The one source of truth for validation, editor
 * completion (the JSON Schemas in schema/ are generated from this file by `landed schema --write`) and docs.
 */
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id is letters, digits, ".", "_" or "-", starting with a letter or digit');

export const security = z
  .enum(['tls', 'starttls', 'none'])
  .describe('tls: implicit TLS (465, 993); starttls: upgrade a plain connection (587, 143); none: plain text, for labs and loopback only');

const tls = z
  .strictObject({
    ca: z.string().optional().describe('PEM file of a private CA to trust, relative to landed.yaml (an internal relay with its own CA)'),
    insecure: z.boolean().default(false).describe('Skip certificate verification. Prints a warning on every run; prefer `ca`'),
  })
  .describe('How to verify the server certificate. Verified against the system CAs by default');

const oauth2 = z
  .strictObject({
    flavor: z.enum(['google', 'microsoft', 'custom']).optional().describe('Token endpoint and scope defaults; the provider preset picks one when omitted'),
    grant: z.enum(['refresh_token', 'client_credentials']).default('refresh_token').describe('client_credentials: Microsoft app-only access (IMAP.AccessAsApp)'),
    tokenUrl: z.string().url().optional().describe('Token endpoint; defaults from the flavor (Microsoft: the tenant is taken from `tenant`)'),
    tenant: z.string().optional().describe('Microsoft Entra tenant id or domain, for the default token URL'),
    clientId: z.string().describe('OAuth2 client id'),
    clientSecret: z.string().optional().describe('Client secret; use ${VAR}'),
    refreshToken: z.string().optional().describe('Refresh token for the refresh_token grant; use ${VAR}'),
    scope: z.string().optional().describe('Scope to request; defaults from the flavor'),
  })
  .describe('OAuth2 (XOAUTH2/OAUTHBEARER): a fresh access token is fetched for every connection');

const auth = z
  .strictObject({
    user: z.string().optional().describe('Login name; defaults to the seed address'),
    pass: z.string().optional().describe('Password or app password; use ${VAR}, never the secret itself'),
    oauth2: oauth2.optional(),
  })
  .refine((a) => (a.pass === undefined) !== (a.oauth2 === undefined), 'give exactly one of `pass` or `oauth2`');

const imap = z
  .strictObject({
    host: z.string().optional().describe('IMAP server; defaults from the provider preset'),
    port: z.number().int().min(1).max(65535).optional().describe('Defaults from the preset, else 993 (tls) or 143'),
    security: security.optional(),
    auth,
    tls: tls.optional(),
  })
  .describe('IMAP access to a mailbox');

export const duration = z
  .union([z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/), z.number().positive()], { error: 'expected a duration like "90s", "5m" or "1h", or a number of seconds' })
  .describe('A duration: "500ms", "90s", "5m", "1h", or a number of seconds');

const smtpKind = z
  .strictObject({
    host: z.string().describe('SMTP server of the route (smtp.office365.com, smtp-relay.gmail.com, an internal Postfix...)'),
    port: z.number().int().min(1).max(65535).optional().describe('Defaults to 465 for tls, 587 for starttls, 25 for none'),
    security: security.default('starttls'),
    auth: auth.optional().describe('SMTP AUTH credentials; omit for an unauthenticated relay'),
    tls: tls.optional(),
    localAddress: z.string().optional().describe('Source address to bind, when the relay authorises by client IP'),
    helo: z.string().optional().describe('EHLO name; defaults to the machine host name'),
  })
  .describe('A relay the company submits mail to');

const directKind = z
  .strictObject({
    port: z.number().int().min(1).max(65535).default(25).describe('Port of the recipient\'s MX (25; a lab may use another)'),
    localAddress: z.string().optional().describe('Source address to deliver from (a lab\'s outsider address)'),
    helo: z.string().optional().describe('EHLO name; defaults to the machine host name'),
  })
  .describe("No relay: landed looks up the recipient domain's MX (through dns.servers) and delivers to it unauthenticated, as an outsider would. Refusals are `rejected` with the code");

const httpKind = z
  .strictObject({
    url: z.string().url().describe("The application's endpoint that makes it send a mail"),
    method: z.enum(['POST', 'PUT', 'GET', 'PATCH']).default('POST'),
    headers: z.record(z.string(), z.string()).default({}).describe('Request headers; secrets as ${VAR} (masked in every output)'),
    body: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .optional()
      .describe('The request body: a string, or an object sent as JSON. {{token}} {{to}} {{from}} {{subject}} {{text}} {{messageId}} are replaced in it'),
    status: z
      .string()
      .optional()
      .describe("URL polled for the application's own queue state after it accepted; {{id}} is the `id` of its JSON answer, {{token}} the probe's token"),
    timeout: duration.default('30s').describe('Longest wait for the answer'),
  })
  .describe('Makes the application send: a 2xx answer means it accepted the probe');

const commandKind = z
  .strictObject({
    run: z.array(z.string()).min(1).describe('The command and its arguments (no shell); it runs in the folder of landed.yaml and gets the probe as JSON on standard input'),
    env: z.record(z.string(), z.string()).default({}).describe('Extra environment for the command; secrets as ${VAR}'),
    timeout: duration.default('60s').describe('Longest run; past it the command is stopped and the probe is an error'),
  })
  .describe('Makes the application send through a command: exit 0 means it accepted the probe');

/** The keys that choose a route's kind; exactly one stands in each route. */
export const ROUTE_KINDS = ['smtp', 'direct', 'http', 'command'] as const;

const route = z
  .strictObject({
    smtp: smtpKind.optional(),
    direct: directKind.optional(),
    http: httpKind.optional(),
    command: commandKind.optional(),
    from: z.string().describe('Default From header for probes through this route, e.g. "Acme Sales <sales@acme.example>"'),
    envelopeFrom: z
      .string()
      .optional()
      .describe("MAIL FROM (envelope sender, Return-Path) for every probe through this route, e.g. an ESP's bounce address. Without it MAIL FROM is the address of the From header: the scenario's `from`, else the route's. A scenario's `envelopeFrom` wins over this"),
    dkimSelectors: z
      .array(z.string())
      .default([])
      .describe('DKIM selectors this route signs with ("s1" for the From domain, or "domain:s1"), checked by landed dns check before any run'),
    retry: z
      .strictObject({
        attempts: z.number().int().min(1).max(20).default(6).describe('Tries in all, the first included'),
        firstDelay: duration.default('2s').describe('Wait before the second try; it doubles each time'),
        maxDelay: duration.default('60s').describe('Longest wait between tries (greylisting often wants 5m)'),
      })
      .default({ attempts: 6, firstDelay: '2s', maxDelay: '60s' })
      .describe('How a transient refusal (4xx, a dropped connection before the message was sent) is retried'),
    bounces: z
      .strictObject({
        imap: imap.describe('IMAP access to the mailbox that receives this route\'s bounces (the envelope sender / Return-Path)'),
        folders: z.array(z.string()).default(['INBOX']).describe('Folders to watch for delivery status notifications'),
      })
      .optional()
      .describe('Watch this mailbox for bounces: a probe refused after the relay accepted it is then `rejected`, not `missing`'),
  })
  .superRefine((r, ctx) => {
    const kinds = ROUTE_KINDS.filter((k) => r[k] !== undefined);
    if (kinds.length === 1) return;
    ctx.addIssue({
      code: 'custom',
      message: kinds.length === 0
        ? 'a route needs exactly one of `smtp`, `direct`, `http` or `command` (its kind); none is given'
        : `a route has exactly one of \`smtp\`, \`direct\`, \`http\` or \`command\`; this one has ${kinds.map((k) => `\`${k}\``).join(' and ')}`,
    });
  })
  .describe('An outbound route: a relay (`smtp`), straight to the MX (`direct`), or an application made to send (`http`, `command`)');

const seed = z
  .strictObject({
    address: z.email().describe('The seed mailbox address probes are sent to'),
    provider: z.string().default('imap').describe('Provider preset (`landed providers` lists them): gmail, outlook, yahoo, gmx... or `imap`'),
    imap,
    folders: z
      .strictObject({
        inbox: z.string().optional(),
        spam: z.string().optional().describe('Junk folder, e.g. "[Gmail]/Spam"; wins over SPECIAL-USE and the preset'),
      })
      .optional(),
    authservIds: z.array(z.string()).optional().describe('authserv-ids whose Authentication-Results to trust; defaults from the preset'),
    requirements: z
      .array(z.string())
      .optional()
      .describe('Sender-requirement rule sets to judge probes against (gmail, yahoo, outlook, icloud, gmx, t-online, all); defaults from the preset'),
    tags: z.array(z.string()).default([]).describe('Labels scenarios can select seeds by'),
    cleanup: z.enum(['keep', 'delete', 'move']).default('keep').describe('What to do with a found probe; never moves anything out of spam'),
    cleanupFolder: z.string().optional().describe('Target folder for cleanup: move'),
    maxConnections: z.number().int().min(1).optional().describe('IMAP connections landed may open at once; defaults from the preset'),
  })
  .describe('A seed mailbox at a mailbox provider, watched over IMAP');

const dmarc = z
  .strictObject({
    address: z.email().describe('The rua mailbox (the mailto: of the DMARC records); the IMAP login name unless auth.user says otherwise'),
    provider: z.string().default('imap').describe('Provider preset of the mailbox (`landed providers`), for its IMAP host and OAuth2 defaults'),
    imap,
    folders: z.array(z.string()).default(['INBOX']).describe('Folders `landed dmarc fetch` reads reports from'),
    alerts: z
      .strictObject({
        unknownMessages: z.number().int().min(1).default(100).describe('Alert when an unknown sender sends more than this many messages as our domains in a period'),
        passRateDrop: z.number().min(0).max(1).default(0.1).describe("Alert when a route's DMARC pass rate falls by more than this (0.1 = 10 points) from the previous period"),
      })
      .default({ unknownMessages: 100, passRateDrop: 0.1 })
      .describe('When the DMARC reports give an alert'),
  })
  .describe('The mailbox DMARC aggregate reports (rua) arrive in, read by `landed dmarc fetch`; same IMAP and OAuth2 settings as a seed');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    routes: z.record(id, route).describe('Outbound routes by id'),
    seeds: z.record(id, seed).describe('Seed mailboxes by id'),
    dns: z
      .strictObject({ servers: z.array(z.string()).default([]).describe('"ADDR" or "ADDR:PORT"; empty: the system resolver') })
      .default({ servers: [] })
      .describe('Resolver used to verify authentication again'),
    scenarios: z.string().default('scenarios').describe('Folder of scenario files, relative to landed.yaml'),
    reports: z.string().default('reports').describe('Where runs are written, relative to landed.yaml'),
    history: z.string().optional().describe('History database; default: <reports>/history.sqlite'),
    reporters: z.array(z.string()).default(['console']).describe('Reporters when --reporter is not given'),
    blocklists: z
      .array(z.string().regex(/^((ip|domain):)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}\.?$/, 'a DNS zone, e.g. zen.spamhaus.org, or domain:dbl.spamhaus.org for a domain list'))
      .optional()
      .describe('DNS blocklists `landed dns check` tests and asks (ZONE, or domain:ZONE for a domain list); default: docs/blocklists.md'),
    dmarc: dmarc.optional(),
  })
  .describe('landed.yaml: the routes a company sends through and the seed mailboxes to watch');

export const placement = z.enum(['inbox', 'spam', 'rejected', 'missing', 'error']);
const verdict = z.enum(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);
/** A value or a non-empty list of values from `choices`; the error lists the choices. */
const oneOrMany = <T extends z.ZodEnum>(t: T) =>
  z.union([t, z.array(t).min(1)], { error: `expected one of ${t.options.join(', ')}, or a list of them` });

const expectation = z.strictObject({
  placement: oneOrMany(placement).optional().describe('Where the probe must land; a list means any of them'),
  spf: oneOrMany(verdict).optional().describe("The receiver's SPF verdict"),
  dkim: oneOrMany(verdict).optional().describe("The receiver's DKIM verdict"),
  dmarc: oneOrMany(verdict).optional().describe("The receiver's DMARC verdict"),
  maxLatency: duration.optional().describe('Longest acceptable time from SMTP acceptance to arrival'),
  duplicates: z.boolean().optional().describe('true: a probe may arrive more than once. By default a second copy fails the probe (an application that sends twice)'),
});

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: id.optional().describe('Scenario name; defaults to the file name'),
    description: z.string().optional(),
    routes: z.union([z.literal('all'), z.array(id).min(1)], { error: 'expected `all` or a list of route ids' }).default('all').describe('`all` or a list of route ids'),
    seeds: z
      .union([z.literal('all'), z.array(id).min(1), z.strictObject({ tags: z.array(z.string()).min(1) })], {
        error: 'expected `all`, a list of seed ids, or { tags: [...] }',
      })
      .default('all')
      .describe('`all`, a list of seed ids, or { tags: [...] }'),
    message: z.strictObject({
      from: z.string().optional().describe("From header; else the route's `from`. MAIL FROM follows it (same address) unless `envelopeFrom` is set here or on the route"),
      envelopeFrom: z.string().optional().describe("MAIL FROM for this scenario's probes; wins over the route's `envelopeFrom` and over the From address"),
      subject: z.string().describe('Subject; the probe token is appended in brackets'),
      text: z.string().optional(),
      html: z.string().optional(),
      headers: z.record(z.string(), z.string()).optional().describe('Extra headers, e.g. List-Unsubscribe'),
      attachments: z
        .array(z.strictObject({ filename: z.string(), content: z.string().optional(), path: z.string().optional(), contentType: z.string().optional() }))
        .optional(),
    }),
    bulk: z.boolean().default(false).describe('Judge against the bulk-sender rules (List-Unsubscribe, one-click...)'),
    drill: z
      .enum(['spoof', 'lookalike'])
      .optional()
      .describe('A drill: `spoof` (forged as your own domain: in an inbox it is the most serious finding, critical in alerts) or `lookalike` (a domain one letter off: a warning)'),
    duplicateWindow: duration
      .optional()
      .describe('How long to keep watching after a probe arrived, for a second copy. Default: 5s for http and command routes, 0 for the others (copies that come while the run still waits are always seen)'),
    expect: expectation
      .extend({
        routes: z.record(id, expectation).optional().describe('Per-route expectations, over the defaults above'),
        seeds: z.record(id, expectation).optional().describe('Per-seed expectations, over the route ones'),
        maxContentScore: z
          .number()
          .optional()
          .describe('Highest content score (rspamd, as `landed score` prints it) the message may get; the run scores it before sending'),
      })
      .default({})
      .describe('What must be true for every probe of this scenario'),
    timeout: duration.default('5m').describe('How long to wait for the probes to arrive'),
  })
  .describe('A scenario: what to send, through which routes, to which seeds, and what to expect');

export type ConfigInput = z.input<typeof configSchema>;
export type ConfigFile = z.output<typeof configSchema>;
export type ScenarioFile = z.output<typeof scenarioSchema>;
export type Expectation = z.output<typeof expectation>;

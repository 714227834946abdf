/** What `landed init` asks, and the choices it offers. Pure data: the CLI asks, `starterFiles` writes. */
import { LandedError } from '../../errors.ts';
import { closest } from '../../suggest.ts';

export interface StarterAnswers {
  /** The sending domain, e.g. acme.example. */
  domain: string;
  /** Route kinds, keys of ROUTE_KINDS. */
  routes: string[];
  /** Provider preset ids, one seed each. */
  seeds: string[];
  /** `owner/repo@ref` of the landed GitHub Action the workflows use. */
  action: string;
  /** Where the package's JSON Schemas are, relative to the config's folder (or absolute). */
  schemaDir?: string;
}

export interface RouteKind {
  label: string;
  /** landed.yaml lines of the route, indented under its id; `${ENV}` names are made from the route id. */
  yaml: (domain: string, env: string) => string[];
}

const name = (domain: string) => domain.split('.')[0].replace(/^./, (c) => c.toUpperCase());

export const ROUTE_KINDS: Record<string, RouteKind> = {
  m365: {
    label: 'Microsoft 365 (smtp.office365.com, SMTP AUTH)',
    yaml: (d, env) => [
      `smtp: { host: smtp.office365.com, port: 587, security: starttls, auth: { user: reports@${d}, pass: "\${${env}_PASSWORD}" } }`,
      `from: "${name(d)} <reports@${d}>"`,
      'dkimSelectors: [selector1, selector2]   # Microsoft 365 signs with these two',
    ],
  },
  google: {
    label: 'Google Workspace (smtp.gmail.com, app password)',
    yaml: (d, env) => [
      `smtp: { host: smtp.gmail.com, port: 587, security: starttls, auth: { user: reports@${d}, pass: "\${${env}_APP_PASSWORD}" } }`,
      `from: "${name(d)} <reports@${d}>"`,
      'dkimSelectors: [google]',
    ],
  },
  esp: {
    label: 'an email service provider (SendGrid, Mailgun, SES... over SMTP)',
    yaml: (d, env) => [
      `smtp: { host: smtp.sendgrid.net, port: 587, security: starttls, auth: { user: apikey, pass: "\${${env}_PASSWORD}" } }   # your ESP's SMTP host and login`,
      `from: "${name(d)} News <news@${d}>"`,
    ],
  },
  relay: {
    label: 'an internal relay (Postfix, Exchange on premises)',
    yaml: (d) => [`smtp: { host: relay.${d}, port: 25, security: starttls }   # your relay; tls: { ca: ./ca.pem } for a private CA`, `from: "${name(d)} IT <it@${d}>"`],
  },
  erp: {
    label: 'an ERP or application server sending on its own',
    yaml: (d) => [`smtp: { host: erp-mail.${d}, port: 25, security: starttls }   # the server your ERP sends through`, `from: "${name(d)} Orders <orders@${d}>"`],
  },
  spoof: {
    label: 'the spoof drill: a mail forged as your domain, straight to your own MX (needs outbound port 25)',
    yaml: (d) => [`direct: {}   # no relay: straight to the recipient's MX, unauthenticated, as anyone on the internet`, `from: "${name(d)} CEO <ceo@${d}>"`],
  },
};

/** Route kinds that are drills, not ways the company's mail leaves: the first scenario leaves them out. */
export const DRILL_ROUTES = ['spoof'];

export const DEFAULT_ROUTES = ['m365'];
export const DEFAULT_SEEDS = ['gmail', 'outlook'];

/** Checks the answers, every problem at once, with the closest valid choice for a misspelt one. */
export function checkAnswers(answers: StarterAnswers, providerIds: string[]): void {
  const problems: string[] = [];
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/i.test(answers.domain)) {
    problems.push(`--domain ${JSON.stringify(answers.domain)} is not a domain name (e.g. acme.example)`);
  }
  const unknown = (what: string, value: string, known: string[]) => {
    const guess = closest(value, known);
    problems.push(`unknown ${what} '${value}'${guess ? `; did you mean '${guess}'?` : ''} (one of: ${known.join(', ')})`);
  };
  for (const r of answers.routes) if (!ROUTE_KINDS[r]) unknown('route kind', r, Object.keys(ROUTE_KINDS));
  for (const s of answers.seeds) if (!providerIds.includes(s)) unknown('provider', s, providerIds);
  if (!answers.routes.length) problems.push('no route: give at least one of --routes ' + Object.keys(ROUTE_KINDS).join(','));
  if (!answers.seeds.length) problems.push('no seed: give at least one provider with --seeds');
  if (problems.length) throw new LandedError('USAGE', `${problems.length} problem(s) in the answers`, { problems });
}

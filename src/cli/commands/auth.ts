import { LandedError } from '../../errors.ts';
import { deviceCodeConsent, loopbackConsent, type ConsentResult } from '../../mailboxes/oauth2-consent.ts';
import type { CliIO, Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';

const AFTER = `The refresh token is printed to stdout and nowhere else. Store it as a secret (CI secret, .env beside
landed.yaml, never landed.yaml itself) and refer to it from the seed: oauth2: { refreshToken: \${VAR}, ... }.
See docs/oauth2.md.`;

const google: Command = {
  path: ['auth', 'google'],
  summary: 'obtain an OAuth2 refresh token for a Gmail / Google Workspace seed',
  usage: `Usage: landed auth google --client-id ID [--client-secret SECRET] [--scope SCOPE] [--port N]

Opens a one-time consent: prints an address to open in a browser on this machine, receives Google's redirect
on http://127.0.0.1:PORT (the OAuth client must be of type "Desktop app"), exchanges the code (with PKCE).
The client secret can also come from $LANDED_OAUTH_CLIENT_SECRET.

  --scope SCOPE     default https://mail.google.com/ (IMAP and SMTP)
  --auth-url URL    authorization endpoint (default Google's)
  --token-url URL   token endpoint (default https://oauth2.googleapis.com/token)

${AFTER}`,
  options: {
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    scope: { type: 'string', default: 'https://mail.google.com/' },
    port: { type: 'string' },
    'auth-url': { type: 'string', default: 'https://accounts.google.com/o/oauth2/v2/auth' },
    'token-url': { type: 'string', default: 'https://oauth2.googleapis.com/token' },
  },
  async run({ values }, io) {
    const result = await loopbackConsent({
      authUrl: values['auth-url'] as string,
      tokenUrl: values['token-url'] as string,
      clientId: required(values['client-id'], '--client-id'),
      clientSecret: (values['client-secret'] as string | undefined) ?? io.env.LANDED_OAUTH_CLIENT_SECRET,
      scope: values.scope as string,
      port: values.port ? Number(values.port) : undefined,
      prompt: (text) => io.stderr.write(`${text}\n`),
      signal: io.signal,
    });
    return printToken(result, io);
  },
};

const microsoft: Command = {
  path: ['auth', 'microsoft'],
  summary: 'obtain an OAuth2 refresh token for an Outlook.com / Microsoft 365 seed (device code)',
  usage: `Usage: landed auth microsoft --client-id ID [--tenant TENANT] [--scope SCOPE]

Starts Microsoft's device code flow: prints a short code and the page to enter it at (any browser, any
machine), then waits for consent. The app registration must allow public client flows.

  --tenant TENANT   common (default), consumers (Outlook.com only), organizations, or a tenant id / domain
  --scope SCOPE     default "https://outlook.office.com/IMAP.AccessAsUser.All offline_access"; add
                    https://outlook.office.com/SMTP.Send for an SMTP route
  --device-url URL  device authorization endpoint (default from the tenant)
  --token-url URL   token endpoint (default from the tenant)

For app-only access to Exchange Online (IMAP.AccessAsApp) no refresh token is needed: use
grant: client_credentials in landed.yaml.

${AFTER}`,
  options: {
    'client-id': { type: 'string' },
    tenant: { type: 'string', default: 'common' },
    scope: { type: 'string', default: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access' },
    'device-url': { type: 'string' },
    'token-url': { type: 'string' },
  },
  async run({ values }, io) {
    const base = `https://login.microsoftonline.com/${encodeURIComponent(values.tenant as string)}/oauth2/v2.0`;
    const result = await deviceCodeConsent({
      deviceUrl: (values['device-url'] as string | undefined) ?? `${base}/devicecode`,
      tokenUrl: (values['token-url'] as string | undefined) ?? `${base}/token`,
      clientId: required(values['client-id'], '--client-id'),
      scope: values.scope as string,
      prompt: (text) => io.stderr.write(`${text}\n`),
      signal: io.signal,
    });
    return printToken(result, io);
  },
};

export const authCommands: Command[] = [google, microsoft];

function required(value: unknown, flag: string): string {
  if (typeof value === 'string' && value) return value;
  throw new LandedError('USAGE', `${flag} is required (the OAuth client id of your app registration)`);
}

function printToken(result: ConsentResult, io: CliIO): ExitCode {
  io.stdout.write(`${result.refreshToken}\n`);
  io.stderr.write(`\nRefresh token printed above${result.scope ? ` (scope: ${result.scope})` : ''}. Store it as a secret; it is not saved anywhere.\n`);
  return ExitCode.ok;
}

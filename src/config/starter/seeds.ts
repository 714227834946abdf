/** One seed per chosen provider, logging in the way that provider allows (app password or OAuth2). */
import type { ProviderPreset } from '../../providers/types.ts';

/** Where a provider's consumer mailboxes live, for a believable placeholder address the user then edits. */
const MAIL_DOMAINS: Record<string, string> = {
  gmail: 'gmail.com',
  outlook: 'outlook.com',
  yahoo: 'yahoo.com',
  aol: 'aol.com',
  icloud: 'icloud.com',
  gmx: 'gmx.net',
  webde: 'web.de',
  't-online': 't-online.de',
  zoho: 'zohomail.com',
  fastmail: 'fastmail.com',
  'mailbox.org': 'mailbox.org',
  posteo: 'posteo.de',
};

export const envName = (id: string) => id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

export function seedYaml(preset: ProviderPreset, domain: string): { id: string; lines: string[] } {
  const id = `${preset.id}-1`;
  const env = envName(id);
  const local = `${domain.split('.')[0]}.seed1`;
  const address = `${local}@${MAIL_DOMAINS[preset.id] ?? `${preset.id}.example`}`;
  const lines = [`address: ${address}   # a mailbox you own at ${preset.name}`, `provider: ${preset.id}`];
  // The generic preset knows no server: the seed says where.
  const host = preset.imap ? '' : `host: imap.${domain}, `;
  if (preset.auth.includes('app-password') || preset.auth.includes('password') || !preset.oauth2) {
    const what = preset.auth.includes('app-password') ? 'APP_PASSWORD' : 'PASSWORD';
    lines.push(`imap: { ${host}auth: { pass: "\${${env}_${what}}" } }`);
  } else {
    const tenant = preset.id === 'outlook' ? 'tenant: consumers, ' : '';
    const client = preset.oauth2.flavor === 'google' ? 'GOOGLE_CLIENT' : 'MS_CLIENT';
    lines.push(`imap: { ${host}auth: { oauth2: { clientId: "\${${client}_ID}", ${tenant}refreshToken: "\${${env}_REFRESH_TOKEN}" } } }   # landed auth ${preset.oauth2.flavor}`);
  }
  return { id, lines };
}

import type { Credentials } from '../config/types.ts';
import { getAccessToken } from '../mailboxes/oauth2.ts';

/** nodemailer's `auth` for a route: a password, or a fresh OAuth2 access token (XOAUTH2). */
export async function smtpAuth(credentials: Credentials) {
  if ('pass' in credentials) return { user: credentials.user, pass: credentials.pass };
  return { type: 'OAuth2' as const, user: credentials.user, accessToken: await getAccessToken(credentials.oauth2) };
}

import type { Credentials } from './types.ts';

/** The secret values of a set of credentials, to keep out of any text landed produces. */
export function credentialSecrets(auth: Credentials): string[] {
  if ('pass' in auth) return [auth.pass];
  const { oauth2 } = auth;
  return [oauth2.clientSecret ?? '', oauth2.grant === 'refresh_token' ? oauth2.refreshToken : ''];
}

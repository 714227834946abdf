/**
 * Masks secrets in any text before it is printed or written: passwords and tokens as given, and the
 * encodings a protocol transcript or a library error may echo them in (base64, SASL PLAIN).
 */
export type Redact = (text: string) => string;

const MASK = '***';

export function createRedactor(secrets: Iterable<string>, logins: Iterable<{ user: string; pass: string }> = []): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    forms.add(Buffer.from(secret).toString('base64'));
    forms.add(encodeURIComponent(secret));
  }
  for (const { user, pass } of logins) {
    if (pass.length < 4) continue;
    forms.add(Buffer.from(`\0${user}\0${pass}`).toString('base64'));
    forms.add(Buffer.from(`${user}\0${user}\0${pass}`).toString('base64'));
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  const pattern = new RegExp(ordered.map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Masks secrets in any text before it is printed or written: passwords and tokens as given, and every form a
 * protocol transcript, a server's echo or a library error may carry them in: IMAP/JSON quoting, URL and form
 * encoding, and base64 of any SASL string that contains them (PLAIN, XOAUTH2, OAUTHBEARER, whoever the user).
 */
export type Redact = (text: string) => string;

const MASK = '***';
/** Base64 runs shorter than this are too common in ordinary text to be masked as a secret's. */
const MIN_BASE64_CORE_BYTES = 6;

/** Secrets that exist only at run time (OAuth2 access tokens): every redactor masks them too, even one made before. */
const remembered = new Set<string>();

export function rememberSecret(secret: string): void {
  if (secret.length >= 4) remembered.add(secret);
}

export function createRedactor(secrets: Iterable<string>, logins: Iterable<{ user: string; pass: string }> = []): Redact {
  const given = [...secrets, ...[...logins].map((l) => l.pass)];
  let pattern: RegExp | undefined;
  let seen = -1;
  return (text) => {
    if (seen !== remembered.size) {
      seen = remembered.size;
      pattern = patternFor([...given, ...remembered]);
    }
    return pattern ? text.replace(pattern, MASK) : text;
  };
}

function patternFor(secrets: string[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    forms.add(secret.replace(/[\\"]/g, '\\$&')); // IMAP quoted string
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2)); // form encoding: spaces as '+'
    for (const core of base64Cores(secret)) forms.add(core);
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
  return ordered.length ? new RegExp(ordered.map(escapeRegExp).join('|'), 'g') : undefined;
}

/**
 * Base64 of any text that contains `secret` contains one of these three runs, whatever comes before it (the
 * SASL prefix with a user, host and port): the secret's bytes from each of the three alignments, cut to
 * whole 3-byte groups.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const cores: string[] = [];
  for (let skip = 0; skip < 3; skip++) {
    const whole = Math.floor((bytes.length - skip) / 3) * 3;
    if (whole >= MIN_BASE64_CORE_BYTES) cores.push(bytes.subarray(skip, skip + whole).toString('base64'));
  }
  if (bytes.length < MIN_BASE64_CORE_BYTES + 2) cores.push(bytes.toString('base64')); // short: at least as a whole
  return cores;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

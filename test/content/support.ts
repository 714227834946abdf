import { existsSync } from 'node:fs';

/** Tests that need rspamd fail loudly without it: never a silent skip. */
export function requireRspamd(): void {
  if (!existsSync('/usr/bin/rspamd')) throw new Error('rspamd is not installed: apt-get install -y rspamd (as root, the pretest step of npm test, .ci/prerequisites, installs it)');
}

/** A scenario written to be spammy: a GTUBE-like marker, HTML only, shortener links, bulk without List-Unsubscribe. */
export const SPAMMY_SCENARIO = `name: spammy
bulk: true
message:
  subject: FREE MONEY, ACT NOW
  html: |
    <p>CLICK HERE to claim your prize: <a href="https://bit.ly/3xYzAbc">https://bit.ly/3xYzAbc</a>
    or <a href="https://tinyurl.com/free-cash">https://tinyurl.com/free-cash</a></p>
    <p>LANDED-TEST-SPAM-MARKER</p>
expect:
  placement: spam
  maxContentScore: 5
`;

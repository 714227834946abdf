/** A project folder with a landed.yaml whose route and seed point at a closed port: commands that must refuse
 * before any network use can run without a lab. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'landed-paths-'));
  writeFileSync(
    join(dir, 'landed.yaml'),
    'routes:\n  relay: { smtp: { host: 127.0.0.1, port: 9, security: none }, from: "a@acme.test" }\n' +
      'seeds:\n  s1: { address: s1@example.test, imap: { host: 127.0.0.1, port: 9, security: none, auth: { pass: secret-pass } } }\n' +
      'scenarios: scenarios\n',
  );
  mkdirSync(join(dir, 'scenarios'));
  writeFileSync(join(dir, 'scenarios', 'hello.yaml'), 'routes: [relay]\nmessage: { subject: hi, text: hello }\ntimeout: 5s\n');
  return dir;
}


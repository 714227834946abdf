import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { LandedError } from '../../src/errors.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';

const EXAMPLE = new URL('../../examples/m365-gmail', import.meta.url).pathname;

describe("examples/m365-gmail, the README's way from the demo to a real setup", () => {
  it('is valid; only the secrets and the CA file are left to the user, each named with its line', async () => {
    const error = await loadConfig('landed.yaml', { cwd: EXAMPLE, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LandedError);
    for (const problem of (error as LandedError).problems) {
      expect(problem).toMatch(/^landed\.yaml:\d+:\d+: (environment variable [A-Z0-9_]+ is not set|routes\.erp\.smtp\.tls\.ca: cannot read CA file)/);
    }
    const withoutSecrets = await loadConfig('landed.yaml', { cwd: EXAMPLE, env: {}, secretsOptional: true }).catch((e: LandedError) => e);
    expect((withoutSecrets as LandedError).problems).toEqual([expect.stringMatching(/routes\.erp\.smtp\.tls\.ca: cannot read CA file certs\/acme-internal-ca\.pem/)]);
  });

  it('gets hosts and OAuth2 endpoints from the presets, and its scenario selects seeds by tag', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'landed-example-'));
    await cp(join(EXAMPLE, 'scenarios'), join(dir, 'scenarios'), { recursive: true });
    const yaml = await readFile(join(EXAMPLE, 'landed.yaml'), 'utf8');
    await writeFile(join(dir, 'landed.yaml'), yaml.replace('tls: { ca: ./certs/acme-internal-ca.pem }', ''));
    const config = await loadConfig('landed.yaml', { cwd: dir, env: {}, secretsOptional: true });
    expect(config.seeds.get('gmail-1')!.imap).toMatchObject({ host: 'imap.gmail.com', port: 993, security: 'tls' });
    expect(config.seeds.get('outlook-1')!.imap.auth).toMatchObject({ oauth2: { flavor: 'microsoft', tokenUrl: expect.stringContaining('/consumers/') } });
    const [scenario] = await loadScenarios(config, [], { cwd: dir, env: {} });
    expect(scenario).toMatchObject({ name: 'order-confirmation', routes: ['m365', 'erp'], seeds: ['gmail-1', 'gmail-2', 'outlook-1'], timeoutMs: 600_000 });
  });
});

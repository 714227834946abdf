import { readFileSync } from 'node:fs';

/** The package's name and version, from the package.json two folders up (src/cli/ in a clone, dist/cli/ installed). */
export function packageInfo(): { name: string; version: string; repository?: string } {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { name, version, repository } = JSON.parse(text) as { name: string; version: string; repository?: string | { url?: string } };
  return { name, version, repository: typeof repository === 'string' ? repository : repository?.url };
}

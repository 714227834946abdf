import { readFileSync } from 'node:fs';

/** The package's name and version, from the package.json two folders up (src/cli/ in a clone, dist/cli/ installed). */
export function packageInfo(): { name: string; version: string } {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { name, version } = JSON.parse(text) as { name: string; version: string };
  return { name, version };
}

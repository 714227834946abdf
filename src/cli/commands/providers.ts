import { listProviders } from '../../providers/index.ts';
import type { ProviderPreset } from '../../providers/types.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { table } from '../../text/table.ts';

export const providersCommand: Command = {
  path: ['providers'],
  summary: 'list the mailbox provider presets (hosts, login methods, junk folder names, quirks)',
  usage: `Usage: landed providers [ID] [--json]

Lists what \`provider: ID\` in landed.yaml stands for. Every value can be overridden per seed (imap.host,
imap.port, folders.spam, authservIds, maxConnections). With an ID, shows that preset in full.`,
  options: { json: { type: 'boolean' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const presets = listProviders().filter((p) => positionals.length === 0 || positionals.includes(p.id));
    if (presets.length === 0) {
      io.stderr.write(`landed providers: no preset "${positionals.join(', ')}"; known: ${listProviders().map((p) => p.id).join(', ')}\n`);
      return ExitCode.usage;
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify(presets, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (positionals.length > 0) {
      io.stdout.write(presets.map(describePreset).join('\n'));
      return ExitCode.ok;
    }
    const rows = presets.map((p) => [p.id, p.name, p.imap ? `${p.imap.host}:${p.imap.port}` : '(set imap.host)', p.auth.join(', '), p.folders.spam[0] ?? '(guessed)']);
    io.stdout.write(table(['id', 'name', 'imap', 'login', 'junk folder'], rows));
    io.stdout.write(`\nDetails: landed providers ID. Every value can be overridden per seed in landed.yaml.\n`);
    return ExitCode.ok;
  },
};

function describePreset(p: ProviderPreset): string {
  const lines = [
    `${p.id}: ${p.name}`,
    `  imap:          ${p.imap ? `${p.imap.host}:${p.imap.port} (${p.imap.security})` : 'none: set imap.host'}`,
    `  login:         ${p.auth.join(', ')}${p.oauth2 ? ` (OAuth2: ${p.oauth2.flavor}, scope ${p.oauth2.scope})` : ''}`,
    `  junk folder:   SPECIAL-USE \\Junk, else ${p.folders.spam.length ? p.folders.spam.map((n) => JSON.stringify(n)).join(', ') : 'a known name'}`,
    `  authserv-ids:  ${p.authservIds.join(', ') || '(set authservIds)'}${p.authResultsWithoutId ? ' (also writes Authentication-Results without one)' : ''}`,
    ...(p.maxConnections ? [`  connections:   at most ${p.maxConnections}`] : []),
    ...(p.typicalDelayMs ? [`  typical delay: ${p.typicalDelayMs / 1000} s`] : []),
    ...(p.gmailTabs ? ['  inbox tabs:    read with X-GM-RAW (primary, promotions, updates, social, forums)'] : []),
    ...(p.loginHint ? [`  if login fails: ${p.loginHint}`] : []),
    ...(p.notes ?? []).map((n) => `  note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

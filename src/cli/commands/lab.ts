import { resolve } from 'node:path';
import { connectLab, startLab, type Lab, type LabInfo } from '../../lab/index.ts';
import { labLayout } from '../../lab/files/layout.ts';
import { labIsRunning, labProcessIds } from '../../lab/processes.ts';
import type { CliIO, Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { shownPath as shown } from '../paths.ts';

const DEFAULT_DIR = '.lab';
const dirOption = { dir: { type: 'string' as const } };

export const labUpCommand: Command = {
  path: ['lab', 'up'],
  summary: 'start the local lab (DNS, relays, mailbox providers on loopback) and write its landed.yaml',
  usage: `Usage: landed lab up [--dir DIR] [--install]

Starts the local lab in DIR (default: ${DEFAULT_DIR}/ in the current folder): NSD, one Dovecot per mail host
and the lab daemon with the routes and the providers' MX servers, on a free 127.A.B.0/24. Writes
DIR/landed.yaml and DIR/.env, so 'landed run --config DIR/landed.yaml' works right away. Returns once
everything answers; 'landed lab down' stops it.

  --dir DIR   where the lab lives (configs, mailboxes, logs)
  --install   as root on Debian/Ubuntu: apt-get install the missing packages`,
  options: { ...dirOption, install: { type: 'boolean' } },
  async run({ values }, io) {
    const dir = labDir(values, io);
    const started = Date.now();
    const lab = await startLab({ dir, install: Boolean(values.install), stopWithParent: false });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.stdout.write(`lab up in ${seconds}s on ${lab.info.prefix}.0/24, in ${shown(dir, io)}\n\n${describeLab(lab.info, io)}\n`);
    io.stdout.write(`\nConfig: ${shown(lab.configFile, io)} (passwords in ${shown(lab.envFile, io)})\n`);
    io.stdout.write(`Next:   landed run --config ${shown(lab.configFile, io)}\nStop:   landed lab down${dir === resolve(io.cwd, DEFAULT_DIR) ? '' : ` --dir ${shown(dir, io)}`}\n`);
    return ExitCode.ok;
  },
};

export const labStatusCommand: Command = {
  path: ['lab', 'status'],
  summary: 'show whether the lab runs, its addresses, parts, queue and knobs',
  usage: `Usage: landed lab status [--dir DIR] [--json]

Exit code 0 when the lab in DIR (default ${DEFAULT_DIR}/) is running, 1 when it is not. Passwords are not
shown; they are in DIR/.env.`,
  options: { ...dirOption, json: { type: 'boolean' } },
  async run({ values }, io) {
    const dir = labDir(values, io);
    const running = await labIsRunning(labLayout(dir));
    const lab = running ? await connectLab(dir) : undefined;
    const status = lab ? await lab.status() : undefined;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ running, dir, ...(lab ? { info: withoutSecrets(lab.info), ...status } : {}) }, null, 2)}\n`);
    } else if (!lab || !status) {
      io.stdout.write(`no lab is running in ${shown(dir, io)} (start one with: landed lab up)\n`);
    } else {
      const stopped = Object.entries(status.parts).filter(([, s]) => s !== 'running').map(([p]) => p);
      io.stdout.write(`lab running on ${lab.info.prefix}.0/24, in ${shown(dir, io)}\n\n${describeLab(lab.info, io)}\n\n`);
      io.stdout.write(`parts: ${Object.keys(status.parts).length - stopped.length} running${stopped.length ? `, stopped: ${stopped.join(', ')}` : ''}\n`);
      io.stdout.write(`queue: ${status.queue.length ? status.queue.map((q) => `${q.mta} ${q.queueId} to ${q.to} (${q.attempts} attempts)`).join('; ') : 'empty'}\n`);
      io.stdout.write(`passwords: in ${shown(lab.envFile, io)}\n`);
    }
    return running ? ExitCode.ok : ExitCode.failed;
  },
};

export const labDownCommand: Command = {
  path: ['lab', 'down'],
  summary: 'stop the local lab and every process it started',
  usage: `Usage: landed lab down [--dir DIR]

Stops the lab in DIR (default ${DEFAULT_DIR}/): the daemon, NSD and every Dovecot. The files stay.`,
  options: dirOption,
  async run({ values }, io) {
    const dir = labDir(values, io);
    let lab: Lab;
    try {
      lab = await connectLab(dir);
    } catch {
      io.stdout.write(`no lab in ${shown(dir, io)}\n`);
      return ExitCode.ok;
    }
    await lab.stop();
    const left = await labProcessIds(labLayout(dir));
    if (left.length) {
      io.stderr.write(`lab stopped, but processes ${left.join(', ')} are still there\n`);
      return ExitCode.internal;
    }
    io.stdout.write(`lab in ${shown(dir, io)} stopped; no process left\n`);
    return ExitCode.ok;
  },
};

export const labCommands: Command[] = [labUpCommand, labStatusCommand, labDownCommand];

export function labDir(values: Record<string, unknown>, io: CliIO): string {
  return resolve(io.cwd, typeof values.dir === 'string' ? values.dir : DEFAULT_DIR);
}

/** The lab as a few aligned lines: where to send, where to look. */
function describeLab(info: LabInfo, io: CliIO): string {
  const lines = [`  DNS        ${info.dns.host}:${info.dns.port}   (zone files in ${shown(`${info.dir}/dns/zones`, io)})`];
  for (const r of Object.values(info.routes)) {
    const how = r.security === 'starttls' ? `AUTH ${r.auth?.user} over STARTTLS` : 'no auth';
    lines.push(`  route      ${r.id.padEnd(11)} ${`${r.host}:${r.port}`.padEnd(20)} ${how}; from ${r.from}`);
  }
  for (const p of [...Object.values(info.providers), info.mailhost]) {
    const junk = `${p.junkFolder}${p.junkSpecialUse ? ' (\\Junk)' : ' (no flag)'}`;
    lines.push(`  provider   ${p.id.padEnd(11)} MX ${`${p.mx.host}:${p.mx.port}`.padEnd(17)} IMAP ${p.imap.host}:${p.imap.port}  policy ${p.policy}, junk ${junk}`);
  }
  lines.push(`  seeds      ${Object.values(info.seeds).map((s) => s.address).join(', ')}`);
  lines.push(`  bounces    ${Object.keys(info.bounceMailboxes).join(', ')}`);
  return lines.join('\n');
}

function withoutSecrets(info: LabInfo): Omit<LabInfo, 'passwords'> {
  const { passwords: _passwords, ...rest } = info;
  const strip = <T extends { pass?: string }>(box: T) => ({ ...box, pass: undefined });
  return {
    ...rest,
    routes: Object.fromEntries(Object.entries(rest.routes).map(([id, r]) => [id, { ...r, auth: r.auth ? strip(r.auth) : undefined }])),
    seeds: Object.fromEntries(Object.entries(rest.seeds).map(([id, s]) => [id, strip(s)])),
    bounceMailboxes: Object.fromEntries(Object.entries(rest.bounceMailboxes).map(([id, b]) => [id, strip(b)])),
  } as Omit<LabInfo, 'passwords'>;
}

/**
 * The same plan unsharded and as 4 shards merged, on one lab: `landed run` over the whole plan, then
 * `landed run --shard i/4` one after the other (as four CI runners would, each on a machine of its own) with
 * one run id, then `landed merge`. Prints each run's wall time and peak RSS and whether every probe has the
 * same outcome both ways (placement, folder, SPF, DKIM, DMARC).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLab } from '../src/lab/index.ts';
import type { RunResult } from '../src/results/types.ts';
import { BIN, labSize, measure, project } from './run.ts';

const SHARDS = 4;

export interface ShardFigures {
  probes: number;
  whole: { wallMs: number; peakRssMb: number };
  shards: Array<{ probes: number; wallMs: number; peakRssMb: number }>;
  mergeMs: number;
  /** Probes whose outcome differs between the unsharded and the merged run (or that one of them lacks), each
   *  with both outcomes: `id: unsharded -> merged`. */
  differing: string[];
}

const outcomes = (result: RunResult) => new Map(result.probes.map((p) => [p.id, [p.placement, p.folder, p.auth.spf, p.auth.dkim, p.auth.dmarc].join(' ')]));

export async function benchShards(probes: number): Promise<ShardFigures> {
  const lab = await startLab({ seedsPerProvider: labSize(probes).seedsPerProvider });
  try {
    const files = await project(lab, labSize(probes).scenarios);
    const results = (dir: string) => readFile(join(dir, 'results.json'), 'utf8').then((text) => JSON.parse(text) as RunResult);
    const landed = (args: string[]) => measure(BIN, args, lab.dir, [0, 1]);
    const wholeDir = join(lab.dir, 'whole');
    const whole = await landed(['run', '--config', lab.configFile, '--out', wholeDir, '--reporter', 'junit', ...files]);
    const shards: ShardFigures['shards'] = [];
    const shardDirs = Array.from({ length: SHARDS }, (_, i) => join(lab.dir, `shard-${i + 1}`));
    for (const [i, out] of shardDirs.entries()) {
      const m = await landed(['run', '--config', lab.configFile, '--shard', `${i + 1}/${SHARDS}`, '--run-id', 'bench-shards', '--out', out, '--reporter', 'junit', ...files]);
      shards.push({ probes: (await results(out)).probes.length, wallMs: m.wallMs, peakRssMb: m.peakRssMb });
    }
    const mergedDir = join(lab.dir, 'merged');
    const merge = await landed(['merge', ...shardDirs, '--out', mergedDir, '--reporter', 'junit']);
    const [unsharded, merged] = [outcomes(await results(wholeDir)), outcomes(await results(mergedDir))];
    const differing = [...new Set([...unsharded.keys(), ...merged.keys()])]
      .filter((id) => unsharded.get(id) !== merged.get(id))
      .map((id) => `${id}: ${unsharded.get(id) ?? 'absent'} -> ${merged.get(id) ?? 'absent'}`);
    return { probes: unsharded.size, whole: { wallMs: whole.wallMs, peakRssMb: whole.peakRssMb }, shards, mergeMs: merge.wallMs, differing };
  } finally {
    await lab.stop();
  }
}

export function printShardsBench(f: ShardFigures, say: (line: string) => void): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  say(`shards: ${f.probes} probes unsharded ${s(f.whole.wallMs)} at ${f.whole.peakRssMb.toFixed(0)} MB; as ${f.shards.length} shards ${f.shards.map((x) => `${x.probes} in ${s(x.wallMs)} at ${x.peakRssMb.toFixed(0)} MB`).join(', ')}; merged in ${s(f.mergeMs)}`);
  say(`  same outcome unsharded and merged (placement, folder, SPF, DKIM, DMARC): ${f.probes - f.differing.length}/${f.probes} probes${f.differing.length ? `; differing (unsharded -> merged):` : ''}`);
  for (const line of f.differing.slice(0, 10)) say(`    ${line}`);
}

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabInfo } from '../types.ts';
import { drillsYaml, ERP_ENQUEUE_SCRIPT, erpAppScenario, lookalikeScenario, spoofScenario } from './drills-yaml.ts';
import type { LabLayout } from './layout.ts';

/** Writes DIR/drills.yaml, its scenarios (drills/) and the command route's script (bin/erp-enqueue.mjs). */
export async function writeDrills(layout: LabLayout, info: LabInfo): Promise<void> {
  const drillsDir = join(layout.dir, 'drills');
  await mkdir(drillsDir, { recursive: true });
  await mkdir(join(layout.dir, 'bin'), { recursive: true });
  await writeFile(join(layout.dir, 'drills.yaml'), drillsYaml(info, process.execPath));
  await writeFile(join(drillsDir, 'spoof.yaml'), spoofScenario(info));
  await writeFile(join(drillsDir, 'lookalike.yaml'), lookalikeScenario(info));
  await writeFile(join(drillsDir, 'erp-app.yaml'), erpAppScenario(info));
  const script = join(layout.dir, 'bin', 'erp-enqueue.mjs');
  await writeFile(script, ERP_ENQUEUE_SCRIPT);
  await chmod(script, 0o755);
}

/**
 * When the Analyser analyses (src/run/analyser.ts): not beside a collection that is still finding probes
 * (it held detection up), once the mailboxes have been quiet for QUIET_MS, and whatever is left when the run
 * completes. Each message is read from its copy in the run folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/plan.ts';
import { messageFileOf } from '../../src/results/run-folder.ts';
import { Analyser, QUIET_MS } from '../../src/run/analyser.ts';
import { toProbeResult } from '../../src/run/probe-result.ts';
import type { ProbeState } from '../../src/run/state.ts';
import { compose, offline } from '../analysis/support.ts';
import { fakeConfig, scenario } from './fakes.ts';

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'landed-analyser-'));
  await mkdir(join(dir, 'messages'));
  const config = fakeConfig(dir);
  const invoice = scenario();
  const [probe] = buildPlan(config, [invoice], { runId: 'r1' }).probes;
  const file = messageFileOf(probe!.id);
  const at = new Date().toISOString();
  const state: ProbeState = { probe: probe!, notes: [], found: { type: 'found', id: probe!.id, folder: 'INBOX', placement: 'inbox', receivedAt: at, detectedAt: at, messageFile: file } };
  let now = 0;
  const analyser = new Analyser({ config, scenarios: new Map([[invoice.name, invoice]]), runDir: dir, resolver: offline, now: () => now });
  const complete = async () => {
    const results = [toProbeResult(state)];
    await analyser.complete(results, new Map([[probe!.id, state]]));
    return results[0]!;
  };
  return { analyser, state, complete, saveMessage: () => writeFile(join(dir, file), compose()), removeMessage: () => rm(join(dir, file)), setNow: (ms: number) => (now = ms) };
}

describe('the Analyser', () => {
  it('does not read a found message while probes are still being found; once the mailboxes are quiet, it does', async () => {
    const { analyser, state, complete, saveMessage, setNow } = await setup();
    // Its file is not there yet: had the analysis started, it would have failed reading it.
    analyser.found(state);
    setNow(QUIET_MS - 1);
    await sleep(QUIET_MS); // two looks by the analyser, both while not yet quiet
    await saveMessage();
    setNow(QUIET_MS);
    const result = await complete();
    expect(result.notes).toEqual([]);
    expect(result.analysis?.message).toBeDefined();
  });

  it('once quiet, starts without waiting for the run to complete', async () => {
    const { analyser, state, complete, saveMessage, removeMessage, setNow } = await setup();
    await saveMessage();
    analyser.found(state);
    setNow(QUIET_MS);
    await sleep(QUIET_MS); // the analyser looks, finds the mailboxes quiet, reads the message
    await removeMessage(); // had it waited for complete(), there would be nothing left to read
    const result = await complete();
    expect(result.notes).toEqual([]);
    expect(result.analysis?.message).toBeDefined();
  });

  it('analyses what is left when the run completes, quiet or not', async () => {
    const { analyser, state, complete, saveMessage } = await setup();
    await saveMessage();
    analyser.found(state); // and the clock never moves: the mailboxes are never quiet
    const result = await complete();
    expect(result.notes).toEqual([]);
    expect(result.analysis?.message).toBeDefined();
  });
});

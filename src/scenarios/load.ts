import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { scenarioSchema, type ScenarioFile } from '../config/schema.ts';
import { parseDuration } from '../config/duration.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { loadYamlFile, type Check } from '../config/yaml.ts';
import { LandedError } from '../errors.ts';
import type { Scenario } from './types.ts';

/**
 * Loads scenarios: the files named, or every *.yaml in the config's scenarios folder. Route and seed ids
 * are checked against landed.yaml here, so a typo is reported with its file and line before anything is sent.
 */
export async function loadScenarios(config: ResolvedConfig, files: string[], options: { env: NodeJS.ProcessEnv; cwd: string }): Promise<Scenario[]> {
  const paths = files.length > 0 ? files.map((f) => resolve(options.cwd, f)) : await scenarioFiles(config.scenariosDir, options.cwd);
  const scenarios: Scenario[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    try {
      const { data } = await loadYamlFile(path, scenarioSchema, options.env, options.cwd, { check: checkScenario(config, dirname(path)) });
      scenarios.push(toScenario(data, path, config, relative(options.cwd, path) || path));
    } catch (error) {
      if (!(error instanceof LandedError)) throw error;
      problems.push(...(error.problems.length ? error.problems : [`${error.where}: ${error.message}`]));
    }
  }
  const names = new Map<string, string>();
  for (const s of scenarios) {
    const other = names.get(s.name);
    if (other) problems.push(`${s.file}: scenario name "${s.name}" is also used by ${other} (names must be unique)`);
    names.set(s.name, s.file);
  }
  if (problems.length > 0) throw new LandedError('CONFIG_INVALID', `${problems.length} problem(s) in the scenarios`, { problems });
  return scenarios;
}

async function scenarioFiles(dir: string, cwd: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new LandedError('CONFIG_NOT_FOUND', 'no scenarios folder', {
      where: relative(cwd, dir) || dir,
      hint: 'Create it with at least one scenario file, or name scenario files on the command line.',
    });
  }
  const files = entries.filter((e) => ['.yaml', '.yml'].includes(extname(e))).sort();
  if (files.length === 0) throw new LandedError('CONFIG_NOT_FOUND', 'no *.yaml scenario in this folder', { where: relative(cwd, dir) || dir });
  return files.map((f) => join(dir, f));
}

/** Everything a scenario refers to, checked at load: ids in landed.yaml, seed tags, and the files it attaches. */
function checkScenario(config: ResolvedConfig, dir: string): Check<ScenarioFile> {
  const ids = checkIds(config);
  return (data) => [...ids(data), ...checkTags(config, data), ...checkAttachments(data, dir)];
}

/** A tag no seed has would select nothing: a run of 0 probes that passes. */
function checkTags(config: ResolvedConfig, data: ScenarioFile): Array<{ path: (string | number)[]; message: string }> {
  const tags = (data.seeds as { tags?: unknown } | undefined)?.tags;
  if (!Array.isArray(tags)) return [];
  const known = new Set([...config.seeds.values()].flatMap((s) => s.tags));
  return tags.flatMap((tag, i) =>
    known.has(String(tag)) ? [] : [{ path: ['seeds', 'tags', i], message: `no seed has the tag "${String(tag)}" (tags in landed.yaml: ${[...known].join(', ') || 'none'})` }],
  );
}

/** Largest attachment a probe carries; above it is a mistake (and a provider would refuse it anyway). */
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** Attachment files exist, are regular files and not too large: found now, not after half the probes went out. */
function checkAttachments(data: ScenarioFile, dir: string): Array<{ path: (string | number)[]; message: string }> {
  const attachments = (data.message as { attachments?: unknown } | undefined)?.attachments;
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((a: { path?: unknown }, i) => {
    if (typeof a?.path !== 'string') return [];
    const file = resolve(dir, a.path);
    const info = statSync(file, { throwIfNoEntry: false });
    const problem = !info
      ? 'not found'
      : !info.isFile()
        ? 'is not a regular file'
        : info.size > MAX_ATTACHMENT_BYTES
          ? `is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`
          : undefined;
    return problem ? [{ path: ['message', 'attachments', i, 'path'], message: `${file} ${problem} (paths are relative to the scenario file)` }] : [];
  });
}

function checkIds(config: ResolvedConfig): Check<ScenarioFile> {
  return (data) => {
    const problems: Array<{ path: (string | number)[]; message: string }> = [];
    // In a list the path goes on with the index; in a map (expect.routes) with the key itself.
    const known = (kind: 'route' | 'seed', ids: Map<string, unknown>, list: string[], path: string[], byIndex: boolean) =>
      list.forEach((id, i) => {
        if (!ids.has(id)) problems.push({ path: [...path, byIndex ? i : id], message: `unknown ${kind} "${id}" (landed.yaml has: ${[...ids.keys()].join(', ')})` });
      });
    if (Array.isArray(data.routes)) known('route', config.routes, data.routes.map(String), ['routes'], true);
    if (Array.isArray(data.seeds)) known('seed', config.seeds, data.seeds.map(String), ['seeds'], true);
    // `data` may not have passed the schema (see Check): read it defensively.
    known('route', config.routes, Object.keys(data.expect?.routes ?? {}), ['expect', 'routes'], false);
    known('seed', config.seeds, Object.keys(data.expect?.seeds ?? {}), ['expect', 'seeds'], false);
    return problems;
  };
}

function toScenario(data: ScenarioFile, path: string, config: ResolvedConfig, shown: string): Scenario {
  const routes = data.routes === 'all' ? [...config.routes.keys()] : data.routes;
  const allSeeds = [...config.seeds.values()];
  const seeds =
    data.seeds === 'all'
      ? allSeeds.map((s) => s.id)
      : Array.isArray(data.seeds)
        ? data.seeds
        : allSeeds.filter((s) => (data.seeds as { tags: string[] }).tags.some((t) => s.tags.includes(t))).map((s) => s.id);
  return {
    name: data.name ?? basename(path, extname(path)),
    file: shown,
    routes,
    seeds,
    // An attachment's path is relative to the scenario file, not to wherever landed was started.
    message: { ...data.message, attachments: data.message.attachments?.map((a) => (a.path ? { ...a, path: resolve(dirname(path), a.path) } : a)) },
    bulk: data.bulk,
    expect: data.expect,
    timeoutMs: parseDuration(data.timeout),
    drill: data.drill,
    duplicateWindowMs: data.duplicateWindow === undefined ? undefined : parseDuration(data.duplicateWindow),
  };
}

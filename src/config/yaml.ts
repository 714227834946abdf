import { relative } from 'node:path';
import { LineCounter, parseDocument, isScalar, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { readCapped } from '../capped-read.ts';
import { LandedError } from '../errors.ts';
import { closest } from '../suggest.ts';
import { keysAt } from './schema-keys.ts';

/** Largest YAML file we read: scenarios are small; anything bigger is a mistake or an attack. */
const MAX_YAML_BYTES = 1024 * 1024;
/** Alias expansions allowed per document (the "billion laughs" guard). */
const MAX_ALIASES = 100;

export interface LoadedYaml<T> {
  data: T;
  /** Values substituted from the environment, for the redactor. */
  secrets: string[];
}

/**
 * Reads one YAML file, substitutes `${VAR}` from `env`, and validates it against `schema`. Every problem in
 * the file is reported at once, each as `file:line:column: message`.
 */
export interface YamlOptions<T> {
  check?: Check<T>;
  /** Commands that use no secret (dns check, plan) read the file without the variables it refers to. */
  secretsOptional?: boolean;
}

export async function loadYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: YamlOptions<z.output<S>> = {},
): Promise<LoadedYaml<z.output<S>>> {
  const shown = relative(cwd, file) || file;
  let text: string;
  try {
    text = (await readCapped(file, { maxBytes: MAX_YAML_BYTES, shownAs: shown, code: 'CONFIG_INVALID', allowFifo: true })).toString('utf8');
  } catch (error) {
    const code = ((error as LandedError).cause as NodeJS.ErrnoException | undefined)?.code;
    if (code !== 'ENOENT') throw error;
    throw new LandedError('CONFIG_NOT_FOUND', 'file not found', {
      where: shown,
      cause: error,
      hint: 'Name the file with --config, or start from examples/m365-gmail/ (or the lab: landed lab up).',
    });
  }
  return parseYaml(text, shown, schema, env, options);
}

/** Checks beyond the schema (ids that must exist elsewhere...), located like schema problems. Also called on
 * data that failed the schema, so it must not trust the shape. */
export type Check<T> = (data: T) => Array<{ path: (string | number)[]; message: string }>;

export function parseYaml<S extends z.ZodType>(
  text: string,
  shown: string,
  schema: S,
  env: NodeJS.ProcessEnv,
  { check, secretsOptional = false }: YamlOptions<z.output<S>> = {},
): LoadedYaml<z.output<S>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return `${shown}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw invalid(shown, doc.errors.map((e) => `${at(e.pos[0])}: ${firstLine(e.message)}`));
  }
  const problems: string[] = [];
  const secrets = substituteEnv(doc, env, (offset, message) => secretsOptional || problems.push(`${at(offset)}: ${message}`));
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw invalid(shown, [`${shown}: ${firstLine((error as Error).message)} (too many aliases: is this a YAML bomb?)`]);
  }
  const result = schema.safeParse(data ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path as (string | number)[];
      // An unknown key is best shown where the key is, not where its object starts, with the closest known one.
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const guess = closest(key, keysAt(schema, path));
          const where = [...path, key];
          problems.push(`${at(offsetOf(doc, where))}: ${where.join('.')}: unknown key '${key}'${guess ? `; did you mean '${guess}'?` : ''}`);
        }
        continue;
      }
      problems.push(`${at(offsetOf(doc, path))}: ${path.length ? `${path.join('.')}: ` : ''}${issue.message}`);
    }
  }
  // Cross-file checks run on what was written even when the schema failed, so every problem shows at once.
  for (const { path, message } of check?.((result.success ? result.data : data) as z.output<S>) ?? []) {
    problems.push(`${at(offsetOf(doc, path))}: ${path.join('.')}: ${message}`);
  }
  if (problems.length > 0) throw invalid(shown, problems);
  return { data: result.data as z.output<S>, secrets };
}

function invalid(shown: string, problems: string[]): LandedError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new LandedError('CONFIG_INVALID', `${count} in this file`, { where: shown, problems });
}

/** `${VAR}` in a string value; `$${` is an escaped, literal `${` (the match starts with `$$`). */
export const ENV_REFERENCE = /\$?\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `${VAR}` in any string value is replaced by the variable; `$${` stays a literal `${`. */
function substituteEnv(doc: Document, env: NodeJS.ProcessEnv, problem: (offset: number | undefined, message: string) => void): string[] {
  const secrets: string[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.value.includes('${')) return;
      node.value = node.value.replace(ENV_REFERENCE, (match, name: string) => {
        if (match.startsWith('$$')) return match.slice(1);
        const value = env[name];
        if (value === undefined || value === '') {
          problem(node.range?.[0], `environment variable ${name} is not set (export it, or put it in the .env file beside landed.yaml)`);
          return '';
        }
        secrets.push(value);
        return value;
      });
    },
  });
  return secrets;
}

/** Where in the file a schema path points: the deepest node that exists. */
function offsetOf(doc: Document, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return node.range[0];
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/**
 * The folder-level import graph of src/: which top-level folder imports which (type-only imports count: they
 * tie the folders' meanings together just the same), which npm packages each uses, and the cycles.
 * Used by test/architecture.test.ts; run it to see the graph: `node test/support/import-graph.ts [SRC]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

export interface ImportEdge {
  /** File that imports, relative to src/. */
  file: string;
  from: string;
  /** Top-level folder of src/ (a file directly in src/ counts as its own name without .ts), or `npm:<pkg>`. */
  to: string;
  typeOnly: boolean;
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** The top-level unit of a path under src/: its folder, or for a file directly in src/ its name (errors, secrets). */
export function unitOf(src: string, file: string): string {
  const parts = relative(src, file).split('/');
  return parts.length === 1 ? parts[0].replace(/\.(ts|js)$/, '') : parts[0];
}

// Static imports and re-exports ('...' or "..."), and dynamic import() (also with a template literal).
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+(['"])([^'"]+)\3|\bimport\(\s*(['"`])([^'"`]+)\5\s*\)/gm;

export function importEdges(src: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[4] ?? m[6];
      const typeOnly = Boolean(m[2]);
      const from = unitOf(src, file);
      if (spec.startsWith('.')) edges.push({ file: relative(src, file), from, to: unitOf(src, resolve(dirname(file), spec)), typeOnly });
      else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) edges.push({ file: relative(src, file), from, to: `npm:${packageOf(spec)}`, typeOnly });
    }
  }
  return edges;
}

function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Folder -> folders it imports (npm packages and itself left out). */
export function folderGraph(edges: ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    if (e.to.startsWith('npm:') || e.to === e.from) continue;
    graph.get(e.from)!.add(e.to);
    if (!graph.has(e.to)) graph.set(e.to, new Set());
  }
  return graph;
}

/** Strongly connected groups of more than one folder (Tarjan): each is a cycle of imports. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const group: string[] = [];
      let w: string;
      do group.push((w = stack.pop()!));
      while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!order.has(v)) visit(v);
  return groups;
}

/** What one folder may import: other folders of src/ and npm packages (its own files are always allowed). */
export interface Allowed {
  folders: string[];
  npm: string[];
}

/** Every import the allow-list does not permit, as `file imports X` lines; a folder not listed may import nothing. */
export function violations(edges: ImportEdge[], allowed: Record<string, Allowed>): string[] {
  return edges
    .filter((e) => e.from !== e.to)
    .filter((e) => {
      const rule = allowed[e.from];
      if (!rule) return true;
      return e.to.startsWith('npm:') ? !rule.npm.includes(e.to.slice(4)) : !rule.folders.includes(e.to);
    })
    .map((e) => `src/${e.file} imports ${e.to.startsWith('npm:') ? e.to.slice(4) : `src/${e.to}`}${e.typeOnly ? ' (types)' : ''}`);
}

if (import.meta.main) {
  const src = resolve(process.argv[2] ?? join(import.meta.dirname, '../../src'));
  const edges = importEdges(src);
  const graph = folderGraph(edges);
  for (const [from, tos] of [...graph].sort()) {
    const packages = [...new Set(edges.filter((e) => e.from === from && e.to.startsWith('npm:')).map((e) => e.to.slice(4)))].sort();
    console.log(`${from} -> ${[...tos].sort().join(', ') || '(nothing)'}${packages.length ? `   [npm: ${packages.join(', ')}]` : ''}`);
  }
  const found = cycles(graph);
  console.log(found.length ? `cycles: ${found.map((g) => g.join(' <-> ')).join('; ')}` : 'cycles: none');
}

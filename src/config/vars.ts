/**
 * The environment variables a landed.yaml reads (`${VAR}`), with where each is used: what `landed config vars`
 * lists for GitHub secrets, and what `landed init` writes to .env.example. Values are never read here.
 */
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { ENV_REFERENCE } from './yaml.ts';

export interface ConfigVariable {
  name: string;
  /** Every place it is used: `line:column key.path`. */
  usedAt: string[];
}

export function configVariables(text: string): ConfigVariable[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const found = new Map<string, string[]>();
  visit(doc, {
    Scalar(_key, node, path) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const keys = path.flatMap((p) => ('key' in p && isScalar(p.key) ? [String(p.key.value)] : []));
      const { line, col } = lines.linePos(node.range?.[0] ?? 0);
      for (const match of node.value.matchAll(ENV_REFERENCE)) {
        if (match[0].startsWith('$$')) continue;
        const uses = found.get(match[1]) ?? [];
        uses.push(`${line}:${col} ${keys.join('.')}`);
        found.set(match[1], uses);
      }
    },
  });
  return [...found].map(([name, usedAt]) => ({ name, usedAt }));
}

/** The keys a zod schema allows at a path of the data, for "did you mean" on an unknown key. */
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'prefault':
      return keysAt(def.innerType!, path);
    case 'pipe':
      return keysAt(def.in!, path);
    case 'union':
      return [...new Set(def.options!.flatMap((o) => keysAt(o, path)))];
    case 'object':
      if (!path.length) return Object.keys(def.shape!);
      return def.shape![String(path[0])] ? keysAt(def.shape![String(path[0])], path.slice(1)) : [];
    case 'record':
      return path.length ? keysAt(def.valueType!, path.slice(1)) : [];
    case 'array':
      return path.length ? keysAt(def.element!, path.slice(1)) : [];
    default:
      return [];
  }
}

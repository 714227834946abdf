import { z } from 'zod';
import { configSchema, scenarioSchema } from './schema.ts';

/** The JSON Schemas published in schema/, generated from the zod schema so the two never drift apart. */
export function jsonSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, title: string) =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2)}\n`;
  return {
    'landed.schema.json': render(configSchema, 'landed.yaml'),
    'scenario.schema.json': render(scenarioSchema, 'landed scenario'),
  };
}

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/config/json-schema.ts';

describe('the published JSON Schemas', () => {
  it('are current with the zod schema (regenerate with: npm run schema)', async () => {
    for (const [name, text] of Object.entries(jsonSchemas())) {
      expect(await readFile(new URL(`../../schema/${name}`, import.meta.url), 'utf8'), `schema/${name}`).toBe(text);
    }
  });

  it('describe every key an editor completes', () => {
    const schema = JSON.parse(jsonSchemas()['landed.schema.json']);
    const route = schema.properties.routes.additionalProperties;
    expect(route.properties.smtp.properties.security.description).toMatch(/starttls/);
    expect(schema.properties.seeds.additionalProperties.properties.provider.description).toMatch(/preset/);
  });
});

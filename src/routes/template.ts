import type { MessageFields } from './route.ts';

/** The placeholders an application route may use in its body and status URL. */
export type TemplateValues = Record<string, string | undefined>;

export function templateValues(fields: MessageFields): TemplateValues {
  return { token: fields.token, to: fields.to, from: fields.from, subject: fields.subject, text: fields.text ?? '', messageId: fields.messageId };
}

/**
 * Replaces {{name}} with its value; `encode` escapes each value for where it stands (a URL). An unknown name
 * stays as written, so a typo shows in what the application receives instead of vanishing.
 */
export function fill(template: string, values: TemplateValues, encode: (value: string) => string = (v) => v): string {
  return template.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : encode(value);
  });
}

/** Fills every string inside a JSON-like body; the values stay strings, so JSON escaping is the serializer's. */
export function fillDeep(value: unknown, values: TemplateValues): unknown {
  if (typeof value === 'string') return fill(value, values);
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, values)]));
  return value;
}

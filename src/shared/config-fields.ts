import { z } from 'zod';
import { experimentConfigSchema } from './config.ts';

function unwrapOptional(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  return inner;
}

/** The schema of the config field at `keys` (optional fields included), or undefined when the config has no such field. */
export function configFieldSchema(keys: readonly string[]): z.ZodType | undefined {
  let schema: z.ZodType = experimentConfigSchema;
  for (const key of keys) {
    const inner = unwrapOptional(schema);
    if (inner instanceof z.ZodObject) {
      if (!Object.hasOwn(inner.shape, key)) return undefined;
      schema = inner.shape[key] as z.ZodType;
    } else if (inner instanceof z.ZodArray && /^\d+$/.test(key)) {
      schema = inner.element as z.ZodType;
    } else {
      return undefined;
    }
  }
  return schema;
}

/** Whether the field at `keys` holds sub-fields (an object), so a missing optional one can be created to set a sub-field. */
export function isObjectField(keys: readonly string[]): boolean {
  const schema = configFieldSchema(keys);
  return schema !== undefined && unwrapOptional(schema) instanceof z.ZodObject;
}

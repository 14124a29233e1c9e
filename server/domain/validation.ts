/**
 * Runs a zod schema and turns its issues into a ValidationError whose fields are dotted paths, the
 * same names the API answers with and the forms show messages beside.
 */
import { z, type ZodType } from 'zod';
import { ValidationError } from '../errors.js';

/** Field name → first message, from a zod error. An unknown key is named itself, not its parent object. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  const add = (path: PropertyKey[], message: string) => {
    const key = path.length > 0 ? path.map(String).join('.') : '_';
    if (!Object.hasOwn(fields, key)) Object.defineProperty(fields, key, { value: message, enumerable: true, writable: true, configurable: true });
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') for (const k of issue.keys) add([...issue.path, k], 'is not a known field');
    else add(issue.path, issue.message);
  }
  return fields;
}

/**
 * Parses input or throws.
 * @throws ValidationError naming every invalid field
 */
export function parseOrThrow<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrors(result.error));
  return result.data;
}

/** A required, trimmed, non-empty string with a length cap and a readable message. */
export const requiredText = (label: string, max: number) =>
  z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(max, `${label} is at most ${max} characters`);

/**
 * Numbers pass; decimal text (what HTML forms send) becomes a number. Anything else — true, null, "",
 * "  " — is left alone so the number schema refuses it, where a plain coercion would read 0 or 1.
 */
export const fromNumericText = (v: unknown): unknown => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v);

/** The largest id an integer column holds (PostgreSQL's integer is 32-bit signed). */
export const MAX_ID = 2_147_483_647;

/** A positive integer id, accepting the string form that HTML forms send. */
export const idField = (label: string) =>
  z.preprocess(fromNumericText, z.number({ error: `${label} must be chosen` }).int(`${label} must be chosen`).positive(`${label} must be chosen`).max(MAX_ID, `${label} must be an id from 1 to ${MAX_ID}`));

/** HTML checkboxes send "on" or nothing; the API sends booleans. */
export const checkbox = z.preprocess((v) => (v === undefined || v === '' ? false : v === 'on' || v === 'true' || v === '1' ? true : v), z.boolean({ error: 'must be true or false' }));

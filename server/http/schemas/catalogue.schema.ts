/**
 * Request schemas for server groups, servers, products, clients and services, shared by the admin
 * pages and the JSON admin API so that both accept and refuse exactly the same values.
 */
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../auth/password.js';
import { newOptionsSchema } from '../../domain/services/service-options.js';
import { checkbox, fromNumericText, idField, requiredText } from '../../domain/validation.js';
import type { ServiceOptionSpec } from '../../plugins/plugin-api.js';

export const serverGroupSchema = z.strictObject({ name: requiredText('Name', 100) });

const hostname = requiredText('Hostname', 253).refine(
  (v) => /^[a-zA-Z0-9.-]+$/.test(v) || /^\[?[0-9a-fA-F:]+\]?$/.test(v),
  'Hostname must be a host name or an IP address, without scheme or path',
);

const optionalTimeout = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.preprocess(fromNumericText, z.number({ error: 'must be a number of milliseconds' }).int('must be whole milliseconds').min(50, 'must be at least 50 ms').max(120_000, 'must be at most 120000 ms')).nullable(),
);

const serverFields = {
  name: requiredText('Name', 100),
  module: z.string({ error: 'must be a module type' }).trim().min(1, 'must be a module type').max(32, 'must be a module type').optional(),
  hostname,
  port: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.preprocess(fromNumericText, z.number({ error: 'Port must be a number' }).int('Port must be a whole number').min(1, 'Port must be 1-65535').max(65535, 'Port must be 1-65535')).optional()),
  secure: checkbox.optional(),
  allow_self_signed: checkbox.optional(),
  server_group_id: idField('Server group'),
  enabled: checkbox.optional(),
  connect_timeout_ms: optionalTimeout.optional(),
  response_timeout_ms: optionalTimeout.optional(),
  // the module's own settings document: its schema judges it (servers.ts)
  settings: z.record(z.string(), z.unknown(), { error: 'must be an object of the module\'s settings' }).optional(),
};

export const createServerSchema = z.strictObject({ ...serverFields, api_token: requiredText('API token', 500) });
/** On edit the token is write-only: empty means "keep the stored one". */
export const updateServerSchema = z.strictObject({ ...serverFields, api_token: z.string().trim().max(500).optional() });

export const productSchema = z.strictObject({
  name: requiredText('Name', 200),
  server_group_id: idField('Server group'),
  module: z.string({ error: 'Module is required' }).trim().min(1, 'Module is required'),
  config: z.unknown().optional(),
  // "provision new services automatically": services created through the API run create at once
  auto_provision: checkbox.optional(),
});

export const clientSchema = z.strictObject({
  email: z.string({ error: 'Email is required' }).trim().toLowerCase().max(254, 'Email is too long').email('Email is not a valid address'),
  name: requiredText('Name', 200),
  password: z.string({ error: 'Password is required' }).min(MIN_PASSWORD_LENGTH, `Password must have at least ${MIN_PASSWORD_LENGTH} characters`).max(200, 'Password is too long'),
});

/** The admin's edit form: an empty password keeps the stored one; a new one, or disabling, ends the client's sessions. */
export const updateClientSchema = clientSchema.extend({
  password: z.string().max(200, 'Password is too long').refine((v) => v === '' || v.length >= MIN_PASSWORD_LENGTH, `Password must have at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
  disabled: checkbox.optional(),
});

/** PUT /api/admin/clients/:id: only the fields sent change. */
export const patchClientSchema = z.strictObject({
  email: clientSchema.shape.email.optional(),
  name: clientSchema.shape.name.optional(),
  password: clientSchema.shape.password.optional(),
  disabled: z.boolean({ error: 'must be true or false' }).optional(),
});

const serviceFields = {
  client_id: idField('Client'),
  product_id: idField('Product'),
  server_id: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idField('Server').optional()),
};

/**
 * POST /services: the options are those the installed modules declare (the domain then checks them
 * against the product's own module).
 */
export function createServiceSchema(options: readonly ServiceOptionSpec[]) {
  return z.strictObject({ ...serviceFields, options: newOptionsSchema(options).optional() });
}

/** The admin page's form: the options are flat inputs named by option, so a message lands beside its input. */
export function createServiceFormSchema(options: readonly ServiceOptionSpec[]) {
  const names = options.map((o) => o.name);
  return z.strictObject({ ...serviceFields, ...newOptionsSchema(options).shape }).transform((form) => {
    const picked = Object.entries(form).filter(([k]) => names.includes(k));
    const rest = Object.fromEntries(Object.entries(form).filter(([k]) => !names.includes(k))) as { client_id: number; product_id: number; server_id?: number };
    return { ...rest, options: Object.fromEntries(picked) };
  });
}

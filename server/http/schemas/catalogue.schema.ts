/**
 * Request schemas for server groups, servers, products, clients and services, shared by the admin
 * pages and the JSON admin API so that both accept and refuse exactly the same values.
 */
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../auth/password.js';
import { checkbox, fromNumericText, idField, requiredText } from '../../domain/validation.js';

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
  hostname,
  port: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.preprocess(fromNumericText, z.number({ error: 'Port must be a number' }).int('Port must be a whole number').min(1, 'Port must be 1-65535').max(65535, 'Port must be 1-65535')).optional()),
  secure: checkbox.optional(),
  allow_self_signed: checkbox.optional(),
  server_group_id: idField('Server group'),
  enabled: checkbox.optional(),
  connect_timeout_ms: optionalTimeout.optional(),
  response_timeout_ms: optionalTimeout.optional(),
};

export const createServerSchema = z.strictObject({ ...serverFields, api_token: requiredText('API token', 500) });
/** On edit the token is write-only: empty means "keep the stored one". */
export const updateServerSchema = z.strictObject({ ...serverFields, api_token: z.string().trim().max(500).optional() });

export const productSchema = z.strictObject({
  name: requiredText('Name', 200),
  server_group_id: idField('Server group'),
  module: z.string({ error: 'Module is required' }).trim().min(1, 'Module is required'),
  config: z.unknown().optional(),
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

/** Mbit/s, 0 = unlimited; the panel's maximum is 10000. */
export const mbps = z.preprocess(fromNumericText, z.number({ error: 'must be a number of Mbit/s' }).int('must be a whole number of Mbit/s').min(0, 'must be 0 (unlimited) or more').max(10000, 'must be at most 10000 Mbit/s'));

/** On create an empty field or null means "no option": the product default applies. */
const optionalMbps = z.preprocess((v) => (v === '' || v === null ? undefined : v), mbps.optional());

export const createServiceSchema = z.strictObject({
  client_id: idField('Client'),
  product_id: idField('Product'),
  server_id: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idField('Server').optional()),
  options: z.strictObject({ b_download: optionalMbps, b_upload: optionalMbps }).optional(),
});

/** The admin page's form: the speed options are flat inputs, so a message lands beside the input it is about. */
export const createServiceFormSchema = z
  .strictObject({
    client_id: createServiceSchema.shape.client_id,
    product_id: createServiceSchema.shape.product_id,
    server_id: createServiceSchema.shape.server_id,
    b_download: optionalMbps,
    b_upload: optionalMbps,
  })
  .transform(({ b_download, b_upload, ...rest }) => ({ ...rest, options: { b_download, b_upload } }));

/** PUT options: a number sets, null returns to the product default, an absent key leaves it. */
export const serviceOptionsSchema = z.strictObject({
  b_download: mbps.nullable().optional(),
  b_upload: mbps.nullable().optional(),
});

/**
 * Request schemas of reconciliation, shared by the admin page, the API and the CLI.
 */
import { z } from 'zod';
import { FINDING_KINDS, REPAIR_ACTIONS } from '../../domain/reconcile/finding-kinds.js';
import { fromNumericText, MAX_ID } from '../../domain/validation.js';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const id = (what: string) => z.preprocess(fromNumericText, z.number({ error: `must be ${what}` }).int(`must be ${what}`).positive(`must be ${what}`).max(MAX_ID, `must be ${what}`));
const optionalId = (what: string) => z.preprocess(blankToUndefined, id(what).optional());

/** `{server_id?}`: one server, or every server when absent. */
export const reconcileRunSchema = z.strictObject({ server_id: optionalId('a server id') });

/** Query of the findings list. */
export const findingsFilterSchema = z.object({
  kind: z.preprocess(blankToUndefined, z.enum(FINDING_KINDS, { error: `must be one of ${FINDING_KINDS.join(', ')}` }).optional()),
  server_id: optionalId('a server id'),
});

/** One repair: the kind's own unless `action` names another; adopt takes a customer and product, delete the name typed again. */
export const repairSchema = z.strictObject({
  action: z.preprocess(blankToUndefined, z.enum(REPAIR_ACTIONS, { error: `must be one of ${REPAIR_ACTIONS.join(', ')}` }).optional()),
  client_id: optionalId('a client id'),
  product_id: optionalId('a product id'),
  confirm: z.preprocess(blankToUndefined, z.string({ error: 'must be the client name' }).max(64, 'is at most 64 characters').optional()),
});

/** A bulk repair: the findings, and the names of the orphans the admin confirmed deleting. */
export const bulkRepairSchema = z.strictObject({
  ids: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(id('a finding id')).min(1, 'choose at least one finding').max(1000, 'at most 1000 findings at once')),
  // a form's text field sends the names in one text, separated by spaces, commas or lines
  confirm: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : [v]), z.array(z.string().max(64, 'is at most 64 characters')).max(1000)),
});

const flag = z.preprocess((v) => (v === 'on' || v === 'true' || v === '1' ? true : v === '' || v === 'false' || v === '0' ? false : v), z.boolean({ error: 'must be true or false' }));

/** Auto-repair per kind; a kind left out is off. */
export const autoRepairSchema = z.strictObject(Object.fromEntries(FINDING_KINDS.map((k) => [k, flag.optional()])) as Record<(typeof FINDING_KINDS)[number], z.ZodOptional<typeof flag>>);

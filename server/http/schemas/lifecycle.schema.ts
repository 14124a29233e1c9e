/**
 * What a lifecycle action may carry besides its name (page form and API body alike): the reason the
 * customer reads in the notice, and whether to mail them (the page's checkbox; the API's boolean).
 */
import { z } from 'zod';
import { MAX_REASON_LENGTH } from '../../domain/services/lifecycle-mail.js';

export const lifecycleOptionsSchema = z
  .object({
    reason: z.string().trim().max(MAX_REASON_LENGTH, `Reason is at most ${MAX_REASON_LENGTH} characters`).optional(),
    notify: z.preprocess((v) => (v === 'on' || v === 'true' ? true : v === 'false' || v === '' ? false : v), z.boolean({ error: 'notify must be true or false' })).optional(),
    // the page's form marks that it has the checkbox, so an unticked box means "do not mail"
    notify_shown: z.literal('1').optional(),
  })
  .transform(({ reason, notify, notify_shown }) => ({ reason: reason || null, notify: notify ?? (notify_shown ? false : undefined) }));

/**
 * The one pattern every admin form follows: validate and run a command; on invalid values re-render
 * the same form with what the user typed and a message beside each bad field (422), nothing saved.
 */
import type { Request, Response } from 'express';
import { MAX_ID } from '../domain/validation.js';
import { ValidationError } from '../errors.js';

export interface FormView {
  view: string;
  locals: Record<string, unknown>;
}

/**
 * Runs `action`; a ValidationError re-renders the form with the submitted values kept.
 * @param form the view and its locals (without values/errors)
 * @param action the command; returns the URL to redirect to on success
 * @param options.keep secret fields echoed back all the same
 */
export async function submitForm(req: Request, res: Response, form: () => Promise<FormView>, action: () => Promise<string>, options: { keep?: string[] } = {}): Promise<void> {
  try {
    res.redirect(await action());
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const { view, locals } = await form();
    const values = { ...(req.body as Record<string, unknown>) };
    // a submitted password, token or secret is never echoed back into the page, unless the form asks to keep it
    // (a panel token typed into the server form, so one mistake elsewhere does not mean typing it again)
    for (const secret of ['password', 'api_token', 'secret']) if (!options.keep?.includes(secret)) delete values[secret];
    res.status(422).render(view, { ...locals, values, errors: err.fields ?? {}, formError: err.message });
  }
}

/**
 * An HTML form sends nothing for an unticked checkbox; this makes it an explicit "" (false), so that an
 * absent box cannot fall back to a schema default such as "enabled".
 */
export function withCheckboxes(body: unknown, names: string[]): Record<string, unknown> {
  return { ...Object.fromEntries(names.map((n) => [n, ''])), ...(body as Record<string, unknown>) };
}

/**
 * Reads a positive integer route parameter; 0 for anything else, an id no row has, so repositories find
 * nothing (NaN or 2^31 would reach PostgreSQL and fail the query with a 500; input-guard.ts already
 * answers an id segment out of range with a 400).
 */
export function idParam(req: Request, name = 'id'): number {
  const raw = req.params[name];
  return typeof raw === 'string' && /^\d{1,10}$/.test(raw) && Number(raw) <= MAX_ID ? Number(raw) : 0;
}

/**
 * Turns one HTTP answer of a panel into its `data` or a typed error, following the envelope rules of
 * shared/docs/panel-api.md: a 200 counts only when it is JSON with result "OK" and data of the right shape.
 */
import type { ZodType } from 'zod';
import { PanelAuthError, PanelProtocolError, PanelRejectedError, type PanelCallSite } from './panel-errors.js';
import { errorEnvelopeSchema, okEnvelopeSchema } from './panel-types.js';

const SHOWN_ISSUES = 3;

/**
 * Parses a body as JSON.
 * @param text the raw body
 * @returns the value, or undefined when the body is not JSON
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Validates an answer and returns its `data`.
 * @param answer status, raw body and Location header of the answer
 * @param schema the endpoint's schema for `data`
 * @param site the call, for error messages
 * @param scrub applied to every text the panel supplies before it enters a message
 * @param fast optional hand-written parse of `data`: what the schema would return, or undefined to let the schema decide
 * @returns the parsed `data`
 * @throws PanelAuthError | PanelRejectedError | PanelProtocolError
 */
export function interpretAnswer<T>(
  answer: { status: number; text: string; location?: string },
  schema: ZodType<T>,
  site: PanelCallSite,
  scrub: (text: string) => string,
  fast?: (data: unknown) => T | undefined,
): T {
  const { status } = answer;
  const json = parseJson(answer.text);
  // the error envelope is read only on the way to an error: a good answer never pays for it
  if (status === 401 || status === 403) throw new PanelAuthError(site, status, panelMessage(json, scrub));
  if (status >= 300 && status < 400) {
    const target = scrub(answer.location ?? 'nowhere');
    throw new PanelProtocolError(site, status, `it redirects to ${target}; if the panel moved to HTTPS, tick HTTPS for this server`);
  }
  if (status >= 400) {
    const parsed = errorEnvelopeSchema.safeParse(json);
    if (parsed.success) {
      const fields = Object.fromEntries(Object.entries(parsed.data.errors).map(([field, why]) => [field, scrub(why)]));
      throw new PanelRejectedError(site, status, scrub(parsed.data.message), fields);
    }
    // 5xx and 429 without the envelope usually come from a proxy in front of a struggling panel.
    if (status >= 500 || status === 429) {
      throw new PanelRejectedError(site, status, 'no message from the panel (a proxy in front of it may have answered)');
    }
    throw new PanelProtocolError(site, status, `an HTTP ${status} without the panel's error envelope`);
  }
  if (json === undefined) {
    throw new PanelProtocolError(site, status, answer.text.trim() === '' ? 'the body is empty' : 'the body is not JSON');
  }
  const ok = okEnvelopeSchema.safeParse(json);
  if (!ok.success) {
    const result = typeof json === 'object' && json !== null && 'result' in json ? JSON.stringify(json.result) : 'missing';
    const message = panelMessage(json, scrub);
    const why = message ? ` (${message})` : '';
    throw new PanelProtocolError(site, status, `"result" is ${scrub(String(result))} instead of "OK"${why}`);
  }
  const quick = fast?.(ok.data.data);
  if (quick !== undefined) return quick;
  const data = schema.safeParse(ok.data.data);
  if (!data.success) {
    const issues = data.error.issues
      .slice(0, SHOWN_ISSUES)
      .map((issue) => `${['data', ...issue.path.map(String)].join('.')}: ${issue.message}`);
    throw new PanelProtocolError(site, status, `the data has the wrong shape (${issues.join('; ')})`);
  }
  return data.data;
}

/** The message of an error envelope, scrubbed, or undefined when the body is no such envelope. */
function panelMessage(json: unknown, scrub: (text: string) => string): string | undefined {
  const parsed = errorEnvelopeSchema.safeParse(json);
  return parsed.success ? scrub(parsed.data.message) : undefined;
}

/**
 * Turns one HTTP answer of a panel into the endpoint's value or a typed error, following the envelope
 * rules of shared/docs/panel-api.md: a 2xx counts only when it is JSON with result "OK" (in any case)
 * and data the endpoint can read. A refusal is recognised by its envelope whatever the status code,
 * since the published material gives no v2 status codes.
 */
import type { ZodType } from 'zod';
import { PanelAuthError, PanelProtocolError, PanelRejectedError, type PanelCallSite } from './panel-errors.js';
import { errorEnvelopeSchema, okEnvelopeSchema } from './panel-types.js';

const SHOWN_ISSUES = 3;

/** Reads an envelope's `data` into the endpoint's value; throws PanelProtocolError naming the field. */
export type DataReader<T> = (data: unknown, site: PanelCallSite, status: number) => T;

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
 * A reader that validates `data` with a schema.
 * @param schema the endpoint's schema (tolerant: it normalises what it accepts)
 * @returns the reader; its error names up to three fields as data.path.to.field
 */
export function schemaReader<T>(schema: ZodType<T>): DataReader<T> {
  return (data, site, status) => {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    throw new PanelProtocolError(site, status, `the data has the wrong shape (${issueText(parsed.error.issues)})`);
  };
}

/**
 * The issues of a failed parse as "data.field: reason; …".
 * @param issues zod's issues
 * @param prefix the path the issues are relative to
 */
export function issueText(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = 'data'): string {
  return issues
    .slice(0, SHOWN_ISSUES)
    .map((issue) => `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
}

/**
 * Validates an answer and returns the endpoint's value.
 * @param answer status, raw body (and its JSON when already parsed) and Location header of the answer
 * @param read the endpoint's reader for `data`
 * @param site the call, for error messages
 * @param scrub applied to every text the panel supplies before it enters a message
 * @param envelope false for a document that is not wrapped in the panel's envelope
 * @returns the value
 * @throws PanelAuthError | PanelRejectedError | PanelProtocolError
 */
export function interpretAnswer<T>(answer: { status: number; text: string; json?: unknown; location?: string }, read: DataReader<T>, site: PanelCallSite, scrub: (text: string) => string, envelope = true): T {
  const { status } = answer;
  const json = 'json' in answer ? answer.json : parseJson(answer.text);
  // a document outside the envelope (openapi.json): any 2xx JSON is it, anything else is not there
  if (!envelope) {
    if (status >= 200 && status < 300 && json !== undefined) return read(json, site, status);
    throw new PanelProtocolError(site, status, status >= 200 && status < 300 ? 'the body is not JSON' : `HTTP ${status}`);
  }
  // the error envelope is read only on the way to an error: a good answer never pays for it
  if (status === 401 || status === 403) throw new PanelAuthError(site, status, refusal(json, scrub)?.message);
  if (status >= 300 && status < 400) {
    const target = scrub(answer.location ?? 'nowhere');
    throw new PanelProtocolError(site, status, `it redirects to ${target}; if the panel moved to HTTPS, tick HTTPS for this server`);
  }
  if (status >= 400) {
    const refused = refusal(json, scrub);
    if (refused) throw new PanelRejectedError(site, status, refused.message, refused.fields);
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
    // a 200 carrying the ERROR envelope is the panel saying no, just with the wrong status code
    const refused = refusal(json, scrub);
    if (refused && refused.message !== '' && refused.result.toUpperCase() !== 'OK') throw new PanelRejectedError(site, status, refused.message, refused.fields);
    const result = typeof json === 'object' && json !== null && 'result' in json ? JSON.stringify(json.result) : 'missing';
    throw new PanelProtocolError(site, status, `"result" is ${scrub(String(result))} instead of "OK"`);
  }
  return read(ok.data.data, site, status);
}

/** The message and field reasons of an error envelope, scrubbed, or undefined when the body is no such envelope. */
function refusal(json: unknown, scrub: (text: string) => string): { result: string; message: string; fields: Record<string, string> } | undefined {
  const parsed = errorEnvelopeSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const fields = Object.fromEntries(Object.entries(parsed.data.errors).map(([field, why]) => [field, scrub(why)]));
  return { result: parsed.data.result, message: scrub(parsed.data.message), fields };
}

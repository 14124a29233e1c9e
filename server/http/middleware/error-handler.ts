/**
 * The one place errors become answers: the error page for HTML requests and the documented
 * `{"error","code","fields"}` body for JSON. Unknown errors are logged in full and shown as a plain 500.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, NotFoundError, TooManyRequestsError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { maskSecrets, maskText } from '../../security/mask-secrets.js';
import { chooseLanguage } from '../../i18n/choose-language.js';
import { SOURCE_LANGUAGE } from '../../i18n/languages.js';
import type { Translations } from '../../i18n/translations.js';
import type { Locale } from '../../plugins/plugin-api.js';
import { setLocale } from './language-locals.js';

/** JSON answers for the API and for JSON endpoints (which must never answer HTML, see reference §10). */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path.endsWith('.json') || Boolean(req.xhr) || req.get('accept')?.startsWith('application/json') === true;
}

/** A 4xx raised by Express or a body parser (unknown charset, undecodable URL); only `expose`d messages are shown. */
function isClientHttpError(err: unknown): err is { status: number; message: string; expose?: boolean } {
  const e = err as { status?: unknown; message?: unknown };
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.message === 'string';
}

/** Turns an unmatched route into a NotFoundError. */
export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('Page not found'));

/** The language of an error answer: the page's, or for a request refused before it had one, the visitor's. */
function localeOf(req: Request, locals: Record<string, unknown>, i18n: Translations): Locale {
  if (!locals.locale) {
    const user = req.user as { role?: string; language?: string | null } | undefined;
    const admin = user?.role === 'admin' || req.path.startsWith('/admin') || req.path.startsWith('/api/');
    setLocale(locals, i18n.locale(admin ? SOURCE_LANGUAGE : chooseLanguage(req, user?.language, SOURCE_LANGUAGE).code), i18n);
  }
  return locals.locale as Locale;
}

/** Builds the final error middleware. */
export function errorHandler(log: Logger, i18n: Translations): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let error: AppError;
    if (err instanceof AppError) error = err;
    else if ((err as { type?: string }).type === 'entity.parse.failed') error = new AppError(400, 'bad_request', 'The request body is not valid JSON');
    else if ((err as { type?: string }).type === 'entity.too.large') error = new AppError(413, 'too_large', 'The request body is too large');
    else if (isClientHttpError(err)) error = new AppError(err.status, 'bad_request', err.expose === true ? err.message : 'The request is malformed');
    else {
      log.error({ err, path: req.path, method: req.method }, 'unhandled error');
      error = new AppError(500, 'internal', 'Something went wrong on our side. It has been logged.');
    }
    if (error.status >= 500 && err instanceof AppError) log.warn({ code: error.code, path: req.path, message: error.message }, 'request failed');
    if (res.headersSent) return;
    res.status(error.status);
    if (error instanceof TooManyRequestsError && error.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.retryAfterSeconds));
    // a panel's error text may quote a token or a password: what is shown is masked like a log line
    const locale = localeOf(req, res.locals, i18n);
    // in English the message as thrown, written for its case; in another language the text of its code
    const translated = locale.lang === SOURCE_LANGUAGE ? null : i18n.errorText(locale, error.code);
    const message = translated ?? maskText(error.message);
    if (wantsJson(req)) {
      res.json({ error: message, code: error.code, ...(error.fields ? { fields: maskSecrets(error.fields) } : {}) });
      return;
    }
    const view = error.status === 404 ? 'errors/404' : error.status === 403 ? 'errors/403' : error.status >= 500 ? 'errors/500' : 'errors/4xx';
    res.render(view, { title: locale.t('errors.title', { status: error.status }), status: error.status, message });
  };
}

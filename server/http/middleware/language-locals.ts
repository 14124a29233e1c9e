/**
 * Gives every page its language: `locale` (texts and formats), `t`, and what `<html lang dir>` says.
 * Admin pages are English; customer pages and the sign-in pages follow chooseLanguage. The default
 * is read through the page view of the caching layer, like the branding.
 */
import type { RequestHandler, Response } from 'express';
import { chooseLanguage, defaultLanguage } from '../../i18n/choose-language.js';
import { SOURCE_LANGUAGE } from '../../i18n/languages.js';
import type { Translations } from '../../i18n/translations.js';
import type { SettingsReader } from '../../domain/settings/company-profile.js';
import type { Locale } from '../../plugins/plugin-api.js';


/** Builds the middleware. */
export function languageLocals(i18n: Translations, settings: SettingsReader): RequestHandler {
  const english = i18n.locale(SOURCE_LANGUAGE);
  return (req, res, next) => {
    const user = req.user as { role?: string; language?: string | null } | undefined;
    if (user?.role === 'admin' || req.path.startsWith('/admin')) {
      setLocale(res.locals, english, i18n);
      return next();
    }
    defaultLanguage(settings).then((fallback) => {
      const chosen = chooseLanguage(req, user?.language, fallback);
      // a shared cache must not hand a page negotiated for one browser to another
      if (chosen.negotiated) res.vary('Accept-Language');
      setLocale(res.locals, i18n.locale(chosen.code), i18n);
      next();
    }, next);
  };
}

/** Sets a page's language locals (also used by the error handler for a request refused before this ran). */
export function setLocale(locals: Record<string, unknown>, locale: Locale, i18n: Translations): void {
  locals.locale = locale;
  locals.t = locale.t;
  // the choosers' options (sign-in page, account page)
  locals.languages = i18n.languages;
}

/** The language of the page a handler renders (set by languageLocals). */
export function pageLocale(res: Response): Locale {
  return res.locals.locale as Locale;
}

/**
 * The installation's branding on every page: the company name for the title and the top bar, and the
 * support contact that state pages and footers point customers to (null when Settings names none, so
 * no page points to a support that does not exist). Read through the page view of the caching layer.
 */
import type { RequestHandler } from 'express';
import { readCompanyProfile, supportContact, type SettingsReader } from '../../domain/settings/company-profile.js';

/** Builds the middleware over the (cached) settings. */
export function brandLocals(settings: SettingsReader): RequestHandler {
  return (_req, res, next) => {
    readCompanyProfile(settings).then((profile) => {
      res.locals.brand = profile;
      res.locals.support = supportContact(profile);
      next();
    }, next);
  };
}

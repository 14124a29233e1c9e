/**
 * The installation's company profile (WAVE2 contract shared with billing): who the portal speaks for in
 * mails, on pages and as the invoice seller. Stored as one JSON value in the `settings` table under
 * `company_profile`, written by /admin/settings and read by everything that brands or points to support.
 */
import { z } from 'zod';

export interface CompanyProfile {
  /** shown in mails, pages and as the invoice seller */
  companyName: string;
  logoUrl: string | null;
  supportUrl: string | null;
  supportEmail: string | null;
  /** invoice seller legal name (defaults to companyName) */
  legalName: string | null;
  /** multi-line postal address of the seller */
  address: string | null;
  /** seller VAT / tax id */
  taxId: string | null;
}

export const DEFAULT_COMPANY_PROFILE: CompanyProfile = Object.freeze({
  companyName: 'VPN portal',
  logoUrl: null,
  supportUrl: null,
  supportEmail: null,
  legalName: null,
  address: null,
  taxId: null,
});

/** The settings key the profile is stored under. */
export const COMPANY_PROFILE_KEY = 'company_profile';
/** Who last saved the profile and when (attribution of the admin change). */
export const COMPANY_PROFILE_CHANGED_KEY = 'company_profile_changed';

/** What reads the profile: the settings repository, or anything with its `get`. */
export interface SettingsReader {
  get(key: string): Promise<string | null>;
}

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(max, `is at most ${max} characters`).nullable().default(null));
const isHttpUrl = (v: string) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol) && new URL(v).hostname !== '';
const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z.string().trim().max(2048, 'is at most 2048 characters').refine(isHttpUrl, 'must be an http:// or https:// address').nullable().default(null),
);

/** The profile as the settings form and the stored JSON are checked: every field named in a 422. */
export const companyProfileSchema = z.strictObject({
  companyName: z.string({ error: 'Company name is required' }).trim().min(1, 'Company name is required').max(100, 'is at most 100 characters'),
  logoUrl: optionalUrl,
  supportUrl: optionalUrl,
  supportEmail: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.email('must be an email address').max(254, 'is at most 254 characters').nullable().default(null)),
  legalName: optionalText(200),
  address: optionalText(1000),
  taxId: optionalText(64),
});

/**
 * The stored profile, or the defaults where nothing (or something unreadable) is stored: a broken value
 * never takes a page or a mail down. Unknown stored keys are ignored.
 * @param settings the settings repository (or its page view)
 */
export async function readCompanyProfile(settings: SettingsReader): Promise<CompanyProfile> {
  const raw = await settings.get(COMPANY_PROFILE_KEY);
  if (!raw) return DEFAULT_COMPANY_PROFILE;
  try {
    const stored = JSON.parse(raw) as Record<string, unknown>;
    const known = Object.fromEntries(Object.keys(DEFAULT_COMPANY_PROFILE).filter((k) => k in stored).map((k) => [k, stored[k]]));
    const parsed = companyProfileSchema.safeParse({ ...DEFAULT_COMPANY_PROFILE, ...known });
    return parsed.success ? parsed.data : DEFAULT_COMPANY_PROFILE;
  } catch {
    return DEFAULT_COMPANY_PROFILE;
  }
}

/** How customers reach support, or null when the installation names no support at all. */
export interface SupportContact {
  companyName: string;
  url: string | null;
  email: string | null;
}

/** The support contact of a profile; null when it has neither a URL nor an address. */
export function supportContact(profile: CompanyProfile): SupportContact | null {
  if (!profile.supportUrl && !profile.supportEmail) return null;
  return { companyName: profile.companyName, url: profile.supportUrl, email: profile.supportEmail };
}

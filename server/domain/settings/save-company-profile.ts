/**
 * Saving the company profile from /admin/settings: validated as a whole, stored as one value, with who
 * saved it and when.
 */
import { parseOrThrow } from '../validation.js';
import type { DomainDeps } from '../deps.js';
import { COMPANY_PROFILE_CHANGED_KEY, COMPANY_PROFILE_KEY, companyProfileSchema, type CompanyProfile } from './company-profile.js';

/** Who changed the profile last. */
export interface ProfileChange {
  by: string;
  at: string;
}

/**
 * Validates and stores the profile.
 * @param actor the admin's email, kept as the attribution of the change
 * @throws ValidationError naming every bad field (nothing is stored then)
 */
export async function saveCompanyProfile(deps: DomainDeps, input: unknown, actor: string): Promise<CompanyProfile> {
  const profile = parseOrThrow(companyProfileSchema, input);
  const change: ProfileChange = { by: actor, at: deps.clock().toISOString() };
  await deps.inTransaction(async (tx) => {
    await tx.repos.settings.set(COMPANY_PROFILE_KEY, JSON.stringify(profile));
    await tx.repos.settings.set(COMPANY_PROFILE_CHANGED_KEY, JSON.stringify(change));
  });
  return profile;
}

/** The last change, or null when the profile was never saved. */
export async function lastProfileChange(deps: DomainDeps): Promise<ProfileChange | null> {
  const raw = await deps.repos.settings.get(COMPANY_PROFILE_CHANGED_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as ProfileChange;
  } catch {
    return null;
  }
}

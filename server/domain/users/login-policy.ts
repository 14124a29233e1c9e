/**
 * The sign-in limits (admin-api.md, "Sign-in limits"): failures are counted per (account, address) and
 * per address, never per account alone, so a stranger's failures from elsewhere never stop the owner.
 * Each time a key fills its window it is locked, for twice as long as the time before (from one window
 * up to a day); a key left alone for a day starts again at one window.
 */
import crypto from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { LimitRule } from '../../repositories/sign-in-limits.repository.js';
import type { Role } from '../types.js';

/** The limits of one installation. */
export interface SignInRules {
  pair: LimitRule;
  address: LimitRule;
}

const WINDOW_MS = 15 * 60 * 1000;
/** The documented defaults: 5 per (account, address) and 20 per address in 15 minutes. */
export const DEFAULT_SIGN_IN_RULES: SignInRules = { pair: { limit: 5, windowMs: WINDOW_MS }, address: { limit: 20, windowMs: WINDOW_MS } };

/** The longest lock, however many strikes. */
export const MAX_LOCK_MS = 24 * 3600 * 1000;
/** A key not locked for this long starts again at its first strike. */
export const STRIKE_DECAY_MS = 24 * 3600 * 1000;

/** How long the n-th lock in a row lasts: one window, then doubling, at most a day. */
export function lockMs(rule: LimitRule, strike: number): number {
  return Math.min(rule.windowMs * 2 ** Math.min(Math.max(strike - 1, 0), 20), MAX_LOCK_MS);
}

/**
 * The address a limit counts: IPv4 as is (an IPv4-mapped IPv6 address as its IPv4), IPv6 by its /64,
 * since whoever holds one IPv6 address usually holds the whole /64 and could step through it.
 */
export function limitAddress(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${v6.toNormalizedString()}/64`).toString()}/64`;
}

const digest = (...parts: string[]) => crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');

/** The account a sign-in names: its role and its email as stored (trimmed, lower-cased). */
export function accountKey(role: Role, email: string): string {
  return digest('account', role, email.trim().toLowerCase());
}

/** The keys of one try: its (account, address) pair, and its address. */
export function signInKeys(role: Role, email: string, ip: string): { account: string; pair: string; address: string } {
  const account = accountKey(role, email);
  const address = limitAddress(ip);
  return { account, pair: digest('pair', account, address), address: digest('address', address) };
}

/** The rules from the configured figures (SIGN_IN_LIMIT_ACCOUNT_ADDRESS, SIGN_IN_LIMIT_ADDRESS, SIGN_IN_WINDOW_MIN). */
export function signInRulesFrom(limits: { perAccountAddress: number; perAddress: number; windowMinutes: number }): SignInRules {
  const windowMs = limits.windowMinutes * 60_000;
  return { pair: { limit: limits.perAccountAddress, windowMs }, address: { limit: limits.perAddress, windowMs } };
}

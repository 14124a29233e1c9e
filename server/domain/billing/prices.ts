/**
 * Recurring prices as decimal strings in and out ("5.00"), integer minor units inside; and the one tax
 * rule of an invoice: tax = round_half_up(subtotal × TAX_RATE / 100).
 */
import { ValidationError } from '../../errors.js';
import { MINOR_PER_MAJOR } from './money.js';

const PRICE = /^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$/;

/**
 * Parses a price such as "5.00" or "12" into minor units.
 * @throws ValidationError naming `field` for anything else (negatives, more than 2 decimals, exponents)
 */
export function parsePriceMinor(text: unknown, field: string): number {
  const value = typeof text === 'number' ? String(text) : text;
  const m = typeof value === 'string' ? PRICE.exec(value.trim()) : null;
  if (!m) throw new ValidationError({ [field]: 'must be an amount such as "5.00" (at most 2 decimals, not negative)' });
  return Number(BigInt(m[1]) * MINOR_PER_MAJOR + BigInt((m[2] ?? '.').slice(1).padEnd(2, '0')));
}

/** Minor units as the API writes prices: 500 → "5.00". */
export function formatPriceMinor(minor: number): string {
  const m = BigInt(minor);
  return `${m / MINOR_PER_MAJOR}.${(m % MINOR_PER_MAJOR).toString().padStart(2, '0')}`;
}

/** Integer division of non-negative numbers, rounding half up. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

const RATE_SCALE = 10_000n;

/**
 * The tax of a subtotal at a rate in percent ("23", "7.5"): round_half_up(subtotal × rate / 100).
 * @returns minor units
 */
export function taxMinor(subtotalMinor: bigint, rate: string): bigint {
  const [whole, fraction = ''] = rate.split('.');
  const scaled = BigInt(whole) * RATE_SCALE + BigInt(fraction.padEnd(4, '0').slice(0, 4) || '0');
  if (subtotalMinor <= 0n || scaled === 0n) return 0n;
  return divideHalfUp(subtotalMinor * scaled, 100n * RATE_SCALE);
}

/** A prorated amount: round_half_up(monthly × days / days_in_month). */
export function proratedMinor(monthlyMinor: number, days: number, daysInMonth: number): number {
  return Number(divideHalfUp(BigInt(monthlyMinor) * BigInt(days), BigInt(daysInMonth)));
}

/**
 * Exact money and traffic arithmetic for usage billing (admin-api.md "Money and units"). Bytes and amounts
 * are integers; prices are decimal strings scaled to integers; every step is BigInt, never a float.
 */
import { AppError, ValidationError } from '../../errors.js';

/** 1 GB = 10^9 bytes (decimal, as disk and network vendors count). */
export const GB_BASE = 1_000_000_000n;

/** Prices carry at most this many decimals and are held as integers scaled by 10^PRICE_DECIMALS. */
export const PRICE_DECIMALS = 4;

/** The integer scale of a parsed price: "0.05" is 500n. */
export const PRICE_SCALE = 10n ** BigInt(PRICE_DECIMALS);

/** Minor units per major unit: amounts are cents, whatever the currency's own convention. */
export const MINOR_PER_MAJOR = 100n;

/** The rounding of amounts (per service, metric and month) and of displayed GB. */
export const ROUNDING = 'half-up' as const;

/** The sentence invoices print so a customer can redo the maths. */
export const BILLING_RULES_TEXT =
  '1 GB = 10^9 bytes. Amount per service, metric and month = billable bytes × price per GB ÷ 10^9, rounded half up to the cent.';

const PRICE = /^(0|[1-9][0-9]*)(\.[0-9]{1,4})?$/;

/**
 * Parses a price per GB into an integer scaled by PRICE_SCALE.
 * @param text a plain decimal with at most 4 decimals, e.g. "0.05"
 * @param field the field named in the error
 * @returns e.g. 500n for "0.05"
 * @throws ValidationError for negatives, exponents, more than 4 decimals or anything else
 */
export function parseDecimalPrice(text: string, field = 'price_per_gb'): bigint {
  const m = PRICE.exec(text);
  if (!m) throw new ValidationError({ [field]: 'must be a decimal such as "0.05" with at most 4 decimals' });
  const fraction = (m[2] ?? '.').slice(1).padEnd(PRICE_DECIMALS, '0');
  return BigInt(m[1]) * PRICE_SCALE + BigInt(fraction);
}

/**
 * Writes a scaled price back as its shortest decimal: 500n → "0.05", 10000n → "1".
 * @returns the normalised price text
 */
export function formatPrice(scaled: bigint): string {
  const whole = scaled / PRICE_SCALE;
  const fraction = (scaled % PRICE_SCALE).toString().padStart(PRICE_DECIMALS, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/**
 * Normalises a price string ("0.0500" → "0.05", "2.0" → "2") for invoices.
 * @throws ValidationError as parseDecimalPrice
 */
export function normalisePrice(text: string): string {
  return formatPrice(parseDecimalPrice(text));
}

/**
 * Checks a byte count (or another non-negative integer, named by `what`) and makes it a BigInt.
 * @throws AppError (500, invalid_bytes) for negatives, fractions or unsafe numbers: a bug upstream, not user input
 */
export function toBytes(bytes: bigint | number, what = 'byte count'): bigint {
  if (typeof bytes === 'number' && !Number.isSafeInteger(bytes)) {
    throw new AppError(500, 'invalid_bytes', `${what} ${bytes} is not a safe integer`);
  }
  const b = BigInt(bytes);
  if (b < 0n) throw new AppError(500, 'invalid_bytes', `${what} ${b} is negative`);
  return b;
}

/**
 * Bytes above the included quota: max(0, bytes − includedGb·10^9).
 * @returns the billable bytes
 */
export function billableBytes(bytes: bigint | number, includedGb: bigint | number): bigint {
  const over = toBytes(bytes) - toBytes(includedGb, 'included GB') * GB_BASE;
  return over > 0n ? over : 0n;
}

/** Integer division of non-negative numbers, rounding half up. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * The charge for billable bytes: round_half_up(bytes × price_per_gb × 100 / 10^9), exactly.
 * @returns minor units (cents)
 * @throws ValidationError for a bad price; AppError when the result exceeds a safe integer
 */
export function amountMinor(billable: bigint | number, pricePerGb: string): number {
  const numerator = toBytes(billable) * parseDecimalPrice(pricePerGb) * MINOR_PER_MAJOR;
  const minor = divideHalfUp(numerator, GB_BASE * PRICE_SCALE);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new AppError(500, 'amount_overflow', 'amount is too large to store');
  return Number(minor);
}

/**
 * Bytes as GB with two decimals, half up: 12_345_000_000 → "12.35".
 * @returns the decimal string
 */
export function formatGb(bytes: bigint | number): string {
  const hundredths = divideHalfUp(toBytes(bytes) * 100n, GB_BASE);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

/**
 * Minor units as "12.34 USD". Always two decimals, because amounts are computed in hundredths (see MINOR_PER_MAJOR).
 * @returns the amount followed by the currency code
 */
export function formatMinor(minor: bigint | number, currency: string): string {
  const m = BigInt(minor);
  const abs = m < 0n ? -m : m;
  const text = `${abs / MINOR_PER_MAJOR}.${(abs % MINOR_PER_MAJOR).toString().padStart(2, '0')}`;
  return `${m < 0n ? '-' : ''}${text} ${currency}`;
}

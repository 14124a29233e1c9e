/**
 * Numbers, bytes, money and dates as a language writes them, with Intl. Every formatter is built once
 * per language when the translations load and reused by every page: building an Intl formatter costs
 * tens of microseconds, formatting with one a microsecond or two.
 *
 * Dates use the Gregorian calendar in every language (billing months are Gregorian months: a Solar
 * Hijri date for the Persian pages would not match the invoice's period), with the language's month
 * names and digits. Bytes use decimal units (1 GB = 10^9 bytes), the base the invoices use.
 */

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

/** What a language's pages and mails format with. */
export interface Formats {
  /** a number with at most `fractionDigits` decimals (default 0), grouped as the language groups */
  number(value: number, fractionDigits?: number): string;
  /** a decimal written as text ("12.35", a BigInt amount's digits), kept exact, with exactly its decimals */
  decimal(text: string): string;
  /** "0 bytes", "512 bytes", "44.2 MB": one decimal from kB upwards, decimal units */
  bytes(bytes: number): string;
  /** a GB figure written as text ("12.35") followed by the language's GB unit */
  gb(text: string): string;
  /** minor units (hundredths) of `currency` as the language writes an amount, exactly (BigInt-safe) */
  money(minor: bigint | number, currency: string): string;
  /** a price written as decimal text with up to four decimals ("0.0125"), in `currency`, exactly */
  price(text: string, currency: string): string;
  /** a calendar day, 'YYYY-MM-DD' or an instant's day in UTC */
  date(day: string | Date): string;
  /** an instant with its time, in `timeZone` (UTC by default), the zone named */
  dateTime(at: Date | string, timeZone?: string): string;
  /** a billing month 'YYYY-MM' as "November 2026" */
  month(period: string): string;
  /** the name of a month, 1–12 */
  monthName(month: number): string;
  /** how long ago `then` was, from `now`: "now", "5 minutes ago", "2 days ago" */
  relative(then: Date, now: Date): string;
}

/**
 * Remembers the last answers of a formatter: a page view formats the same few figures the views before
 * it did (the cached online list's bytes and times), and Intl's format costs microseconds per call.
 */
function recent<K, V>(size: number, make: (key: K) => V): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    let value = kept.get(key);
    if (value === undefined) {
      value = make(key);
      if (kept.size >= size) kept.delete(kept.keys().next().value as K);
      kept.set(key, value);
    }
    return value;
  };
}

/** Builds the formatters of one language. */
export function formatsFor(lang: string): Formats {
  const numbers = [0, 1, 2, 3, 4].map((digits) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }));
  const fixed = new Map<number, Intl.NumberFormat>();
  const fixedDigits = (digits: number) => {
    let f = fixed.get(digits);
    if (!f) fixed.set(digits, (f = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
    return f;
  };
  const unit = BYTE_UNITS.map((u, i) => new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: i === 0 ? 'long' : 'short', minimumFractionDigits: i === 0 ? 0 : 1, maximumFractionDigits: i === 0 ? 0 : 1 }));
  const gbUnit = new Map<number, Intl.NumberFormat>();
  const currencies = new Map<string, Intl.NumberFormat>();
  const calendar = { calendar: 'gregory', timeZone: 'UTC' } as const;
  const day = new Intl.DateTimeFormat(lang, { ...calendar, dateStyle: 'medium' });
  const zoned = new Map<string, Intl.DateTimeFormat>();
  const monthYear = new Intl.DateTimeFormat(lang, { ...calendar, year: 'numeric', month: 'long' });
  const monthOnly = new Intl.DateTimeFormat(lang, { ...calendar, month: 'long' });
  const monthNames = Array.from({ length: 12 }, (_, i) => monthOnly.format(Date.UTC(2001, i, 15)));
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const dayOf = (d: string | Date) => (typeof d === 'string' ? new Date(`${d.slice(0, 10)}T12:00:00Z`) : d);
  const decimalsOf = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

  const bytesText = recent(256, (bytes: number) => {
    if (!Number.isFinite(bytes) || bytes < 1000) return unit[0].format(Math.max(0, Math.round(bytes) || 0));
    let value = bytes;
    let i = 0;
    while (value >= 1000 && i < BYTE_UNITS.length - 1) {
      value /= 1000;
      i += 1;
    }
    // 999.96 MB would print as "1,000.0 MB": carried into the next unit instead
    if (Math.round(value * 10) >= 10_000 && i < BYTE_UNITS.length - 1) return unit[i + 1].format(value / 1000);
    return unit[i].format(value);
  });
  // minutes as they are, hours ×100, days ×10,000: one key per phrase
  const relativeText = recent(256, (key: number) => {
    const abs = Math.abs(key);
    if (abs >= 10_000) return relative.format(key / 10_000, 'day');
    if (abs >= 100) return relative.format(key / 100, 'hour');
    return key === 0 ? relative.format(0, 'second') : relative.format(key, 'minute');
  });
  const utcTime = recent(256, (ms: number) => zonedFormat('UTC').format(ms));
  const zonedFormat = (timeZone: string) => {
    let f = zoned.get(timeZone);
    if (!f) zoned.set(timeZone, (f = new Intl.DateTimeFormat(lang, { calendar: 'gregory', timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' })));
    return f;
  };

  return {
    number: (value, fractionDigits = 0) => (numbers[fractionDigits] ?? fixedDigits(fractionDigits)).format(value),
    decimal: (text) => fixedDigits(decimalsOf(text)).format(text as unknown as number),
    bytes: bytesText,
    gb(text) {
      const digits = decimalsOf(text);
      let f = gbUnit.get(digits);
      if (!f) gbUnit.set(digits, (f = new Intl.NumberFormat(lang, { style: 'unit', unit: 'gigabyte', unitDisplay: 'short', minimumFractionDigits: digits, maximumFractionDigits: digits })));
      return f.format(text as unknown as number);
    },
    money(minor, currency) {
      let f = currencies.get(currency);
      if (!f) currencies.set(currency, (f = new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })));
      const m = BigInt(minor);
      const abs = m < 0n ? -m : m;
      // a string keeps every digit of an amount past Number's 2^53 exactly (Intl formats decimal strings)
      return f.format(`${m < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}` as unknown as number);
    },
    price(text, currency) {
      const id = `${currency}|price`;
      let f = currencies.get(id);
      if (!f) currencies.set(id, (f = new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 })));
      return f.format(text as unknown as number);
    },
    date: (d) => day.format(dayOf(d)),
    dateTime(at, timeZone = 'UTC') {
      const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
      return timeZone === 'UTC' ? utcTime(ms) : zonedFormat(timeZone).format(ms);
    },
    month: (period) => monthYear.format(new Date(`${period.slice(0, 7)}-15T12:00:00Z`)),
    monthName: (month) => monthNames[month - 1] ?? String(month),
    relative(then, now) {
      const seconds = Math.floor((now.getTime() - then.getTime()) / 1000);
      if (seconds < 45) return relativeText(0);
      const minutes = Math.round(seconds / 60);
      if (minutes < 60) return relativeText(-minutes);
      const hours = Math.round(minutes / 60);
      if (hours < 24) return relativeText(-hours * 100);
      return relativeText(-Math.round(hours / 24) * 10_000);
    },
  };
}

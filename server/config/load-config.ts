/**
 * Reads the documented environment variables (admin-api.md) once, validates all of them and reports
 * every problem at once, one line per variable. Nothing else in the portal reads process.env.
 */
import cron from 'node-cron';
import { ConfigError } from '../errors.js';

export interface AppConfig {
  port: number;
  databaseUrl: string;
  /** null = generated once and stored in the database */
  sessionSecret: string | null;
  /** null = generated once and stored beside the database */
  appKeyHex: string | null;
  billingTz: string;
  currency: string;
  usageCron: string;
  usageGraceDays: number;
  /** PEM (or raw base64) Ed25519 public keys; empty = licence checks off */
  licensePublicKey: string;
  /** secure cookies: on when the portal is served over HTTPS (behind a proxy) */
  cookieSecure: boolean;
  trustProxy: boolean;
  /** the time an admin action or API call may spend on panels, retries included */
  actionBudgetMs: number;
  /** the time a page may spend on panels */
  pageBudgetMs: number;
  /** per-kind limits of panel answers, read by the panel plugin ("" = its defaults) */
  panelAnswerLimits: string;
  logLevel: string;
  env: 'production' | 'development' | 'test';
}

type Env = Record<string, string | undefined>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isDatabaseUrl(url: string): boolean {
  if (url.startsWith('sqlite:')) return url.length > 'sqlite:'.length;
  if (!/^postgres(ql)?:\/\//.test(url)) return false;
  try {
    return Boolean(new URL(url).hostname);
  } catch {
    return false;
  }
}

function isBoolText(v: string): boolean {
  return ['true', 'false', '1', '0', 'yes', 'no'].includes(v.toLowerCase());
}

/**
 * Builds the frozen configuration from an environment.
 * @param env the variables to read (process.env in production, a literal in tests)
 * @returns the validated configuration
 * @throws ConfigError listing every invalid variable
 */
export function loadConfig(env: Env = process.env): Readonly<AppConfig> {
  const problems: string[] = [];
  const get = (name: string, fallback: string): string => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? fallback : v.trim();
  };

  const portText = get('PORT', '3000');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) problems.push(`PORT: "${portText}" is not a port number (0-65535)`);

  const databaseUrl = get('DATABASE_URL', 'sqlite:./data/portal.sqlite3');
  if (!isDatabaseUrl(databaseUrl)) problems.push('DATABASE_URL: expected sqlite:PATH or postgres://user@host/db');

  const sessionSecret = env.SESSION_SECRET?.trim() || null;
  if (sessionSecret !== null && sessionSecret.length < 16) problems.push('SESSION_SECRET: must be at least 16 characters');

  const appKeyHex = env.APP_KEY?.trim() || null;
  if (appKeyHex !== null && !/^[0-9a-fA-F]{64}$/.test(appKeyHex)) problems.push('APP_KEY: must be 32 bytes written as 64 hex characters');

  const billingTz = get('BILLING_TZ', 'UTC');
  if (!isTimeZone(billingTz)) problems.push(`BILLING_TZ: "${billingTz}" is not a known time zone`);

  const currency = get('CURRENCY', 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.push(`CURRENCY: "${currency}" is not a three-letter currency code`);

  const usageCron = get('USAGE_CRON', '30 0 * * *');
  if (!cron.validate(usageCron)) problems.push(`USAGE_CRON: "${usageCron}" is not a valid cron expression`);

  const graceText = get('USAGE_GRACE_DAYS', '3');
  const usageGraceDays = Number(graceText);
  if (!/^\d+$/.test(graceText) || usageGraceDays > 27) problems.push('USAGE_GRACE_DAYS: must be a whole number from 0 to 27');

  const cookieSecureText = get('COOKIE_SECURE', 'false');
  if (!isBoolText(cookieSecureText)) problems.push('COOKIE_SECURE: must be true or false');
  const trustProxyText = get('TRUST_PROXY', 'false');
  if (!isBoolText(trustProxyText)) problems.push('TRUST_PROXY: must be true or false');

  const budget = (name: string, fallback: number, max: number): number => {
    const raw = get(name, String(fallback));
    const ms = Number(raw);
    if (!/^\d+$/.test(raw) || ms < 500 || ms > max) problems.push(`${name}: must be a whole number of milliseconds from 500 to ${max}`);
    return ms;
  };
  const actionBudgetMs = budget('ACTION_BUDGET_MS', 15_000, 120_000);
  const pageBudgetMs = budget('PAGE_BUDGET_MS', 3_000, 30_000);

  const nodeEnv = get('NODE_ENV', 'development');
  const envName = nodeEnv === 'production' || nodeEnv === 'test' ? nodeEnv : 'development';

  if (problems.length > 0) throw new ConfigError(problems);
  const yes = (v: string) => ['true', '1', 'yes'].includes(v.toLowerCase());
  return Object.freeze({
    port,
    databaseUrl,
    sessionSecret,
    appKeyHex,
    billingTz,
    currency,
    usageCron,
    usageGraceDays,
    licensePublicKey: env.LICENSE_PUBLIC_KEY?.trim() ?? '',
    cookieSecure: yes(cookieSecureText),
    trustProxy: yes(trustProxyText),
    actionBudgetMs,
    pageBudgetMs,
    panelAnswerLimits: get('PANEL_ANSWER_LIMITS', ''),
    logLevel: get('LOG_LEVEL', envName === 'test' ? 'silent' : 'info'),
    env: envName,
  });
}

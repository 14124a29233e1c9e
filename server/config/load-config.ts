/**
 * Reads the documented environment variables (admin-api.md) once, validates all of them and reports
 * every problem at once, one line per variable. Nothing else in the portal reads process.env: plugins get
 * the variables as read, through their validateConfig.
 */
import cron from 'node-cron';
import { ConfigError } from '../errors.js';
import { parseAllowList, parseTrustProxy, type TrustProxy } from './trust-proxy.js';

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
  /** QUOTA_CRON: when quota'd services are pulled and their quotas enforced, in BILLING_TZ */
  quotaCron: string;
  /** secure cookies: on when the portal is served over HTTPS (behind a proxy) */
  cookieSecure: boolean;
  /** Express `trust proxy`: false, a number of hops or the proxies' addresses (never "any") */
  trustProxy: TrustProxy;
  /** a session unused this many days ends */
  sessionIdleDays: number;
  /** a session ends this many days after sign-in, however active */
  sessionMaxDays: number;
  /** failed sign-ins tolerated per (account, address) and per address in a window of minutes */
  signInLimits: { perAccountAddress: number; perAddress: number; windowMinutes: number };
  /** the time an admin action or API call may spend on remote calls, retries included (ACTION_BUDGET_MS) */
  actionBudgetMs: number;
  /** the time a page may spend on remote calls (PAGE_BUDGET_MS) */
  pageBudgetMs: number;
  /** PUBLIC_URL without a trailing slash: the base of every link in a mail */
  publicUrl: string;
  /** SMTP_URL; null = mails stay in the outbox and are not sent */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of every mail */
  mailFrom: string;
  /** MAIL_RETRY_S: the first delay before a failed delivery is tried again, in seconds */
  mailRetrySeconds: number;
  /** INVOICE_DUE_DAYS: days from an invoice's issue to its due date */
  invoiceDueDays: number;
  /** SUSPEND_OVERDUE_DAYS: days past an invoice's due date before dunning suspends; 0 = never by itself */
  suspendOverdueDays: number;
  /** TAX_RATE: one rate in percent, a decimal string (at most 4 decimals), applied to every invoice */
  taxRate: string;
  /** ADMIN_2FA: `required` makes an admin without TOTP enrol at the next sign-in */
  admin2fa: 'optional' | 'required';
  /** WEBHOOK_RETRY_S: the first delay before a failed webhook delivery is tried again, in seconds */
  webhookRetrySeconds: number;
  /** METRICS_TOKEN: the bearer token /metrics asks for; null = no token */
  metricsToken: string | null;
  /** METRICS_ALLOW: addresses or subnets /metrics answers without a token (proxy-addr forms) */
  metricsAllow: string[];
  /** SHUTDOWN_GRACE_S: how long a stopping process waits for requests and a running job, in seconds */
  shutdownGraceSeconds: number;
  logLevel: string;
  env: 'production' | 'development' | 'test';
  /** the variables as read, for the plugins' validateConfig (each plugin reads its own settings) */
  environment: Readonly<Env>;
}

type Env = Record<string, string | undefined>;

/** ACTION_BUDGET_MS when unset: well under the 20 s an admin waits for an action. */
export const DEFAULT_ACTION_BUDGET_MS = 15_000;
/** PAGE_BUDGET_MS when unset. */
export const DEFAULT_PAGE_BUDGET_MS = 3_000;

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

function isHttpUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.search === '' && u.hash === '';
}

function isSmtpUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '' && (u.port === '' || Number(u.port) > 0);
}

/** "Name <local@domain>" or "local@domain", without line breaks (a header value). */
function isMailbox(value: string): boolean {
  const address = /^[^\s<>@]+@[^\s<>@]+$/;
  const named = /^[^<>\r\n]*<([^\s<>@]+@[^\s<>@]+)>$/;
  return !/[\r\n]/.test(value) && (address.test(value) || named.test(value));
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

  const quotaCron = get('QUOTA_CRON', '0 * * * *');
  if (!cron.validate(quotaCron)) problems.push(`QUOTA_CRON: "${quotaCron}" is not a valid cron expression`);

  const graceText = get('USAGE_GRACE_DAYS', '3');
  const usageGraceDays = Number(graceText);
  if (!/^\d+$/.test(graceText) || usageGraceDays > 27) problems.push('USAGE_GRACE_DAYS: must be a whole number from 0 to 27');

  const cookieSecureText = get('COOKIE_SECURE', 'false');
  if (!isBoolText(cookieSecureText)) problems.push('COOKIE_SECURE: must be true or false');
  const trustProxy = parseTrustProxy(get('TRUST_PROXY', 'false'));
  if ('problem' in trustProxy) problems.push(trustProxy.problem);

  /** A whole number within bounds; NaN (already reported) when it is not. */
  const whole = (name: string, fallback: number, min: number, max: number, unit = ''): number => {
    const text = get(name, String(fallback));
    const ok = /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;
    if (!ok) problems.push(`${name}: must be a whole number${unit} from ${min} to ${max}`);
    return ok ? Number(text) : Number.NaN;
  };
  const sessionIdleDays = whole('SESSION_IDLE_DAYS', 7, 1, 365, ' of days');
  const sessionMaxDays = whole('SESSION_MAX_DAYS', 30, 1, 3650, ' of days');
  const signInLimits = {
    perAccountAddress: whole('SIGN_IN_LIMIT_ACCOUNT_ADDRESS', 5, 1, 1000),
    perAddress: whole('SIGN_IN_LIMIT_ADDRESS', 20, 1, 100_000),
    windowMinutes: whole('SIGN_IN_WINDOW_MIN', 15, 1, 1440, ' of minutes'),
  };
  const actionBudgetMs = whole('ACTION_BUDGET_MS', DEFAULT_ACTION_BUDGET_MS, 500, 120_000, ' of milliseconds');
  const pageBudgetMs = whole('PAGE_BUDGET_MS', DEFAULT_PAGE_BUDGET_MS, 500, 30_000, ' of milliseconds');
  // NaN (already reported) compares false
  if (sessionIdleDays > sessionMaxDays) problems.push('SESSION_IDLE_DAYS: must not be more than SESSION_MAX_DAYS');

  // the default follows PORT; an invalid PORT is reported once, under its own name
  const portOk = /^\d+$/.test(portText) && port >= 0 && port <= 65535;
  const publicUrl = get('PUBLIC_URL', `http://localhost:${portOk ? port : 3000}`).replace(/\/+$/, '');
  if (!isHttpUrl(publicUrl)) problems.push('PUBLIC_URL: expected the portal\'s address as http(s)://host[:port][/path]');
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl !== null && !isSmtpUrl(smtpUrl)) problems.push('SMTP_URL: expected smtp://user:pass@host:port or smtps://… (or empty: mails stay in the outbox)');
  const mailFrom = get('MAIL_FROM', 'VPN portal <no-reply@localhost>');
  if (!isMailbox(mailFrom)) problems.push('MAIL_FROM: expected an address, e.g. "VPN portal <no-reply@example.com>" or no-reply@example.com');
  const mailRetrySeconds = whole('MAIL_RETRY_S', 60, 1, 3600, ' of seconds');
  const invoiceDueDays = whole('INVOICE_DUE_DAYS', 14, 0, 365, ' of days');
  const suspendOverdueDays = whole('SUSPEND_OVERDUE_DAYS', 0, 0, 365, ' of days');
  const taxRate = get('TAX_RATE', '0');
  if (!/^(0|[1-9][0-9]?|100)(\.[0-9]{1,4})?$/.test(taxRate) || Number(taxRate) > 100) problems.push('TAX_RATE: must be a percentage from 0 to 100 written as a decimal, e.g. "23" or "7.5" (at most 4 decimals)');
  const admin2fa = get('ADMIN_2FA', 'optional').toLowerCase();
  if (admin2fa !== 'optional' && admin2fa !== 'required') problems.push('ADMIN_2FA: expected optional or required');
  const webhookRetrySeconds = whole('WEBHOOK_RETRY_S', 30, 1, 3600, ' of seconds');
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && metricsToken.length < 16) problems.push('METRICS_TOKEN: must be at least 16 characters');
  const metricsAllow = parseAllowList(get('METRICS_ALLOW', ''));
  if ('problem' in metricsAllow) problems.push(metricsAllow.problem);
  const shutdownGraceSeconds = whole('SHUTDOWN_GRACE_S', 10, 1, 600, ' of seconds');

  // unset means production: what `npm start` runs is what the speed figures were measured on
  const nodeEnv = get('NODE_ENV', 'production');
  if (!['production', 'development', 'test'].includes(nodeEnv)) problems.push(`NODE_ENV: "${nodeEnv}" is not production, development or test`);
  const envName = nodeEnv === 'development' || nodeEnv === 'test' ? nodeEnv : 'production';

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
    quotaCron,
    cookieSecure: yes(cookieSecureText),
    trustProxy: 'value' in trustProxy ? trustProxy.value : false,
    sessionIdleDays,
    sessionMaxDays,
    signInLimits: Object.freeze(signInLimits),
    actionBudgetMs,
    pageBudgetMs,
    publicUrl,
    smtpUrl,
    mailFrom,
    mailRetrySeconds,
    invoiceDueDays,
    suspendOverdueDays,
    taxRate,
    admin2fa: admin2fa === 'required' ? 'required' : 'optional',
    webhookRetrySeconds,
    metricsToken,
    metricsAllow: 'value' in metricsAllow ? metricsAllow.value : [],
    shutdownGraceSeconds,
    logLevel: get('LOG_LEVEL', envName === 'test' ? 'silent' : 'info'),
    env: envName,
    environment: Object.freeze({ ...env }),
  });
}

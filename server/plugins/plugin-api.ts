/**
 * The whole contract between the portal (host) and a provisioning plugin, host API v2. A plugin imports
 * this file and nothing else of the host (the lint rules enforce it): the records it is handed, the
 * errors it may throw, and the host services it registers through. The host knows a plugin only through
 * these shapes, so no panel detail leaks into server/: what a module needs stored (server settings,
 * service options) it declares here, and the host stores and validates it without knowing what it means.
 * The records (plugin-records.ts) are re-exported from here, so this stays the one file a plugin imports.
 */
import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import type { ZodType } from 'zod';
import type { ConnectionTestResult, Locale, MeteredMetric, ModuleLogWriter, PluginAuditNote, ProductRecord, QuotaModule, ReconciledModule, RemoteRef, ServerRecord, ServiceContext, TierValued, UsageDay, UsageEstimate, WelcomeMailContent } from './plugin-records.js';

export const HOST_API_VERSION = 2;

// The error family of the host: the error handler renders these (status, code, safe message), so a
// plugin throws them instead of error strings. ProvisioningRefusedError is a refusal before any remote call.
// the host's one masking, which a plugin extends with what only it recognises as secret
export { collectSecrets, isSecretKey, MASK, maskSecrets, maskText, type MaskOptions } from '../security/mask-secrets.js';
export { AppError, BadRequestError, ConfigError, ConflictError, ForbiddenError, NotFoundError, ProvisioningRefusedError, ValidationError } from '../errors.js';
// the records a plugin is handed and hands back, kept in a file of their own, and the language of a page or a mail
export { defaultQuotaSettings, quotaPolicyOf, quotaSettingsSchema, type ClientRecord, type ConnectionFact, type ConnectionTestResult, type Formats, type Locale, type MailFile, type MeteredMetric, type ModuleLogEntry, type ModuleLogWriter, type PluginAuditNote, type ProductRecord, type QuotaMeasure, type QuotaModule, type QuotaPolicy, type QuotaSettings, type RemoteAccount, type RemoteAccountList, type RemoteAccounts, type RemoteRef, type ServerRecord, type ServiceContext, type ServiceRecord, type ServiceStatus, type ServiceTier, type TextValues, type UsageDay, type UsageEstimate, type WelcomeMailContent } from './plugin-records.js';

/** plugins/<id>/plugin.json */
export interface PluginManifest {
  /** lowercase identifier, /^[a-z][a-z0-9]*$/; a persisted public name, never renamed */
  id: string;
  name: string;
  hostApi: number;
}

/** One input the host draws for a module-declared value; its name is the key the value is stored under. */
export interface SettingField {
  name: string;
  label: string;
  input: 'text' | 'number' | 'checkbox';
  hint?: string;
}

/** What a server of the module stores besides the host's own fields (name, address, token, group, timeouts). */
export interface ServerSettingsSpec {
  /** the port a server uses when the admin gives none */
  defaultPort(secure: boolean): number;
  /** the waits the module uses when a server leaves its timeouts empty, shown beside those inputs */
  defaultTimeouts: { connectMs: number; responseMs: number };
  /** validates the module's own settings document of a server (stored by the host as one JSON value) */
  schema: ZodType<unknown>;
  /** the settings of a new server */
  defaults(): unknown;
  /** the inputs of the settings, drawn in the server form; none when the module needs nothing more */
  fields: readonly SettingField[];
}

/** A per-service option the module understands (WHMCS configurable options), stored by the host. */
export interface ServiceOptionSpec extends SettingField, TierValued {
  /** validates one value; null (back to the product default) is handled by the host */
  schema: ZodType<unknown>;
  /** the value in effect while the service sets none, e.g. the product's cap */
  productDefault(product: ProductRecord): unknown;
}

/** One line of an API compatibility check: an endpoint the module uses and how the remote side describes it. */
export interface CompatibilityLine {
  /** e.g. "GET /client/{name}" */
  endpoint: string;
  verdict: 'present' | 'missing' | 'differs';
  /** what differs (fields named), empty when present */
  detail: string;
}

/** What checkCompatibility found; `published` false when the remote side offers no API description. */
export interface CompatibilityReport {
  ok: boolean;
  published: boolean;
  summary: string;
  lines: CompatibilityLine[];
}

/** Rendered by the host inside its own layout: a view name from a directory registered with addViews. */
export interface ViewContribution {
  view: string;
  locals: Record<string, unknown>;
}

export interface ProvisioningModule extends QuotaModule, ReconciledModule {
  /** stored on products and servers; never renamed */
  readonly type: string;
  /** validates the product settings document (replaces WHMCS ConfigOptions) */
  readonly productSettings: ZodType<unknown>;
  /** the settings document of a new product */
  defaultProductSettings(): unknown;
  readonly serverSettings: ServerSettingsSpec;
  /** the per-service options, in the order forms show them; [] when the module has none */
  readonly serviceOptions: readonly ServiceOptionSpec[];
  testConnection(server: ServerRecord): Promise<ConnectionTestResult>;
  create(ctx: ServiceContext): Promise<RemoteRef>;
  suspend(ctx: ServiceContext): Promise<void>;
  unsuspend(ctx: ServiceContext): Promise<void>;
  terminate(ctx: ServiceContext): Promise<void>;
  changePackage(ctx: ServiceContext): Promise<RemoteRef>;
  /** @throws ProvisioningRefusedError when the module may not provision the product now (its own rules decide) */
  assertProvisioningAllowed?(product: ProductRecord, now: Date): Promise<void>;
  /** The module's settings section, drawn by the host below the standard product fields. */
  productSettingsView?(product: ProductRecord): Promise<ViewContribution>;
  /** Live blocks of the admin service page. */
  adminServiceView?(ctx: ServiceContext): Promise<ViewContribution | null>;
  /** The body of the customer's service page, in the customer's language. */
  clientServiceView?(ctx: ServiceContext, locale: Locale): Promise<ViewContribution | null>;
  /** Before a product no service refers to is deleted: remove the module's own rows about it. */
  forgetProduct?(product: ProductRecord): Promise<void>;
  /** Problems the admin dashboard should show for a product; [] when none. */
  productAlerts?(product: ProductRecord, now: Date): Promise<string[]>;
  /**
   * Compares the API the server describes with what the module uses; the host calls it from the CLI
   * (panel-check) and the server page's "Check API compatibility" and shows the report as it comes.
   */
  checkCompatibility?(server: ServerRecord): Promise<CompatibilityReport>;
  /** Whether the product mails the welcome email itself after a successful create (its own setting); needs welcomeMailContent. */
  sendsWelcomeMail?(product: ProductRecord): boolean;
  /**
   * The contents of an active service's welcome email, read when the mail is delivered (not when it is
   * queued), its texts in `locale`, the recipient's language. A remote that does not answer throws the interface's
   * errors: the mail stays in the outbox and is composed again on its next try. Must finish within about 20 s.
   */
  welcomeMailContent?(ctx: ServiceContext, locale: Locale): Promise<WelcomeMailContent>;
}

/**
 * Host partials a plugin's views may include: `/partials/support-contact` renders how customers reach the installation's
 * support (admin Settings), or nothing when none is set, so a page never sends a customer to a support that does not
 * exist. It reads the page's own locals, nothing to pass.
 */
export const HOST_PARTIALS = { supportContact: '/partials/support-contact' } as const;

export interface UsageMeter {
  readonly type: string;
  /** which metrics the product bills, with their prices; null when metric billing is off */
  metrics(product: ProductRecord): { download: MeteredMetric; upload: MeteredMetric } | null;
  /** The daily rows of one calendar month; safe to call repeatedly. */
  monthlyUsage(ctx: ServiceContext, period: { year: number; month: number }): Promise<UsageDay[]>;
}

/** Logger handed to a plugin: already tagged with its id; never give it secrets. */
export interface PluginLogger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/** Installation settings every plugin may read (admin-api.md "Configuration"). */
export interface PluginSettings {
  /** BILLING_TZ */
  billingTz: string;
  /** CURRENCY, three letters */
  currency: string;
  /** ACTION_BUDGET_MS: the whole time an admin action or API call may spend on remote calls, retries included */
  actionBudgetMs: number;
  /** PAGE_BUDGET_MS: the same for a page or a page's JSON endpoint */
  pageBudgetMs: number;
}

/** The host's records a plugin may read and write. */
export interface HostData {
  product(id: number): Promise<ProductRecord | null>;
  /** validates with the module's schema and saves the whole document; throws ValidationError (422) */
  saveProductConfig(id: number, config: unknown): Promise<ProductRecord>;
  serverGroup(id: number): Promise<{ id: number; name: string } | null>;
  /** enabled servers of a group, tokens decrypted */
  groupServers(groupId: number): Promise<ServerRecord[]>;
  server(id: number): Promise<ServerRecord | null>;
  /**
   * The context of a service, or null when it does not exist; with `clientId`, also null when the
   * service belongs to someone else (every customer-facing lookup passes it; its records may be a few
   * seconds old, as the customer's pages read them).
   */
  serviceContext(serviceId: number, clientId?: number): Promise<ServiceContext | null>;
  /** the stored password of a service (decrypted), for the pages that are meant to show it */
  servicePassword(serviceId: number): Promise<string | null>;
  /** a module-log row not tied to a service */
  moduleLog: ModuleLogWriter;
  /** the running month's usage and estimated charge of a service (customer's own); null when its product bills no metric */
  usageEstimate(serviceId: number, clientId: number): Promise<UsageEstimate | null>;
  /**
   * The daily usage the portal stored for a month of a service (customer's own), oldest first; [] when
   * none was stored (not metered, or not pulled yet); null when the service is not the customer's.
   */
  storedUsage(serviceId: number, clientId: number, period: { year: number; month: number }): Promise<UsageDay[] | null>;
}

/**
 * The plugin's own tables in the portal's database, each named `<plugin id>_<name>` (created by the
 * portal's migrations/, which keep one ordered history): a plugin reaches no other table.
 */
export interface PluginTables {
  /** a query on the table `<plugin id>_<name>`; `name` is lowercase letters, digits and "_" */
  table(name: string): Knex.QueryBuilder;
  /** runs `work` in one transaction, whose `table` queries are part of it */
  transaction<T>(work: (tables: Pick<PluginTables, 'table'>) => Promise<T>): Promise<T>;
}

/** Lifetimes of a cache, in milliseconds. */
export interface CacheOptions {
  /** how long an answer is fresh */
  ttlMs: number;
  /** for this long after expiry the old answer is still given while one background load replaces it */
  staleMs?: number;
  /** how long a failed load is answered with its error before it is tried again; 0 = not at all */
  failureTtlMs?: number;
  /** entries kept at most; the oldest go first */
  maxEntries?: number;
}

/** A keyed cache of loads, the host's one cache implementation. */
export interface PluginCache<V> {
  /**
   * The value of `key` and when it was loaded; concurrent misses share one load.
   * @throws what `load` threw, also for the callers within failureTtlMs after it
   */
  get(key: string, load: () => Promise<V>): Promise<{ value: V; loadedAt: number }>;
  /** Drops the key's entry, including a load in flight. */
  forget(key: string): void;
}

/** What a plugin reports about its remote calls, for the portal's /metrics. */
export interface RemoteCallMetrics {
  /** One attempt: the server's name, its kind (the action or client method, never an id), duration, success. */
  remoteCall(server: string, kind: string, seconds: number, ok: boolean): void;
}

export interface PluginHost<Config = unknown> {
  /** the manifest id */
  readonly id: string;
  readonly log: PluginLogger;
  readonly data: HostData;
  readonly clock: () => Date;
  /** what the plugin's validateConfig returned (undefined when it has none) */
  readonly config: Config;
  readonly settings: PluginSettings;
  readonly tables: PluginTables;
  /** the portal's metrics of remote calls (latency and errors by server and kind) */
  readonly metrics: RemoteCallMetrics;
  /** a new cache for the plugin's own use */
  cache<V>(options: CacheOptions): PluginCache<V>;
  /** shows a one-shot notice on the next page the signed-in user sees (after a redirect) */
  notice(req: Request, text: string, kind?: 'ok' | 'error'): void;
  audit(res: Response, note: PluginAuditNote): void;
  /** mounted under /admin/plugins/<id>; admin login and CSRF are already enforced */
  adminRoutes(mount: (router: Router) => void): void;
  /** mounted under /client/plugins/<id>; customer login and CSRF are already enforced */
  clientRoutes(mount: (router: Router) => void): void;
  /** a directory of EJS views, looked up after the host's own */
  addViews(dir: string): void;
  /** its customer texts, a <language>.json each (views: t('<id>:<key>')); the plugin's locale of a request */
  translations(dir: string): void;
  locale(req: Request): Locale;
  /**
   * Serves the files of `dir` (browser scripts, stylesheets) at /plugins/<id>/assets/<file>, from the
   * portal's own origin, so the pages' Content-Security-Policy allows them.
   * @returns the URL prefix, e.g. "/plugins/puqvpncp/assets"
   */
  assets(dir: string): string;
  provisioner(module: ProvisioningModule): void;
  usageMeter(meter: UsageMeter): void;
}

/** The environment as the portal read it at start, for a plugin's validateConfig. */
export type PluginEnv = Readonly<Record<string, string | undefined>>;

export interface PortalPlugin<Config = unknown> {
  manifest: PluginManifest;
  /**
   * Reads and validates the plugin's own settings from the environment; called by the host at start,
   * before register().
   * @throws ConfigError with one line per bad variable, naming it: start-up stops with those lines
   */
  validateConfig?(env: PluginEnv): Config;
  /** Registers the plugin's contributions; everything it needs comes with `host`. */
  register(host: PluginHost<Config>): void | Promise<void>;
}

/** Identity helper that gives a plugin definition its type. */
export function definePlugin<Config>(plugin: PortalPlugin<Config>): PortalPlugin<Config> {
  return plugin;
}

/**
 * The records of the plugin interface (plugin-api.ts re-exports them; a plugin imports them from there):
 * what the host hands a plugin about servers, products, services and usage, and what a plugin hands back.
 */
import type { QuotaMeasure, QuotaPolicy } from '../domain/quota/quota-settings.js';

// the traffic quota's settings schema, policy and steps: the host's shapes (server/domain/quota/quota-settings.ts)
export { defaultQuotaSettings, quotaPolicyOf, quotaSettingsSchema, type QuotaMeasure, type QuotaPolicy, type QuotaSettings } from '../domain/quota/quota-settings.js';
// the language of a page or a mail (server/i18n/locale.ts), handed to the module with the records
export type { Formats, Locale, TextValues } from '../i18n/locale.js';

/** A panel server as the plugin sees it: the API token is already decrypted. */
export interface ServerRecord {
  id: number;
  name: string;
  /** the provisioning module type the server belongs to */
  module: string;
  hostname: string;
  port: number;
  secure: boolean;
  /** HTTPS without certificate verification; only when the admin ticked it explicitly */
  allowSelfSigned: boolean;
  apiToken: string;
  serverGroupId: number;
  enabled: boolean;
  /** per-server overrides; the module applies its own defaults when null */
  connectTimeoutMs: number | null;
  responseTimeoutMs: number | null;
  /** the module's own settings of this server, as its `serverSettings.schema` validated them */
  settings: unknown;
}

export interface ProductRecord {
  id: number;
  name: string;
  serverGroupId: number;
  module: string;
  /** the plugin's settings document, already parsed by `productSettings` */
  config: unknown;
}

export type ServiceStatus = 'pending' | 'active' | 'suspended' | 'terminated' | 'failed';

export interface ServiceRecord {
  id: number;
  clientId: number;
  productId: number;
  serverId: number | null;
  status: ServiceStatus;
  /** the remote account's name (the VPN client name on a puqVPNcp panel) */
  username: string | null;
  networkName: string | null;
  dedicatedIp: string | null;
  /** the service's own values of the module's declared options; an absent name = the product default */
  options: Readonly<Record<string, unknown>>;
  lastError: string | null;
}

export interface ClientRecord {
  id: number;
  email: string;
  name: string;
}

/** One remote call (or local decision) as data: the WHMCS logModuleCall. Secrets must already be masked. */
export interface ModuleLogEntry {
  serviceId?: number | null;
  serverId?: number | null;
  action: string;
  method?: string | null;
  path?: string | null;
  request?: unknown;
  response?: unknown;
  httpStatus?: number | null;
  durationMs?: number | null;
  error?: string | null;
}

export type ModuleLogWriter = (entry: ModuleLogEntry) => Promise<void>;

/** What the host persists about the remote object and hands back on every later call. */
export interface RemoteRef {
  serverId: number;
  username: string;
  networkName: string | null;
  dedicatedIp: string | null;
  /** the account's password; the host encrypts it at rest */
  password: string | null;
}

/**
 * The speed tier a service has: the host stores and prices it, the module turns it into the remote side's
 * caps. Mbit/s; 0 = unlimited.
 */
export interface ServiceTier {
  code: string;
  name: string;
  downloadMbps: number;
  uploadMbps: number;
}

/** A service option a speed tier decides (ServiceOptionSpec): its value while the service has that tier, which wins over the service's own. */
export interface TierValued {
  tierValue?(tier: ServiceTier): unknown;
}

/** Everything a lifecycle call needs, built by the host for one service. */
export interface ServiceContext {
  service: ServiceRecord;
  product: ProductRecord;
  client: ClientRecord;
  /** the server the service is assigned to (null before placement) */
  server: ServerRecord | null;
  /** every enabled server of the product's group */
  groupServers: ServerRecord[];
  /**
   * the service's speed tier, which overrides the product's caps (absent or null: none). On a tier
   * change the host hands change-package the new tier before storing it: a remote refusal changes nothing.
   */
  tier?: ServiceTier | null;
  now: Date;
  /** writes a module-log row tied to this service */
  log: ModuleLogWriter;
  /**
   * Reserves a remote account name for this service. Resolves false when another service already holds
   * it; the host guarantees uniqueness across services (a unique index), safe under concurrency.
   */
  reserveUsername(candidate: string): Promise<boolean>;
  /** Persists the intent (server, name) before the remote side effect, so a lost answer can be finished later. */
  recordIntent(ref: Pick<RemoteRef, 'serverId' | 'username' | 'networkName'>): Promise<void>;
  /**
   * performance.now() when the user-facing action began (set by the host for lifecycle actions): the
   * action's one time budget counts from here, also across the host's own steps (the last usage pull
   * before a terminate).
   */
  actionStartedAt?: number;
}

/** One day of traffic, absolute bytes as the panel reports them. */
export interface UsageDay {
  /** YYYY-MM-DD */
  date: string;
  downloadBytes: number;
  uploadBytes: number;
}

export interface MeteredMetric {
  enabled: boolean;
  /** decimal string, at most 4 decimals */
  pricePerGb: string;
  includedGb: number;
}

/** A metered service's billing month so far, priced with the invoices' rules (admin-api.md "Money and units"). */
export interface UsageEstimate {
  /** 'YYYY-MM' in BILLING_TZ */
  period: string;
  /** one line per billed metric, as its invoice line will read */
  lines: { metric: 'download' | 'upload'; gb: string; includedGb: number; billableGb: string; unitPrice: string; amountMinor: number }[];
  totalMinor: number;
  currency: string;
  /** the GB base and rounding rule, for the customer */
  rules: string;
  /** when the usage was last read from the panel (ISO); null: not yet */
  updatedAt: string | null;
}

/** A file a module hands the host for a mail: bytes exactly as the customer gets them. */
export interface MailFile {
  /** e.g. "vpn-3-12-abcd.conf"; letters, digits, ".", "_" and "-" */
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * What a module puts into the welcome email (admin-api.md "Welcome"). The host owns the mail: its
 * template, branding, recipient, queue and delivery; the module only says what the service consists of.
 * Everything here is the customer's own (their VPN password, their configs) and nothing else: never a
 * panel token or a server secret.
 */
export interface WelcomeMailContent {
  /** what the mail lists, in order, as label: value (e.g. VPN client name, username, password) */
  facts: { label: string; value: string }[];
  /** links for the customer (e.g. the setup guide) */
  links: { label: string; url: string }[];
  /** short plain-text paragraphs, e.g. which attachment opens in which app */
  notes: string[];
  /** the files the mail carries (e.g. one config per protocol the network enables) */
  attachments: MailFile[];
  /** images shown in the mail's body (e.g. QR codes), each with its caption */
  inlineImages: (MailFile & { caption: string })[];
}

/** One line of a Test Connection result, shown by the host as label: value. */
export interface ConnectionFact {
  label: string;
  value: string;
}

/** What Test Connection found; the host renders it on the server page and answers it on the JSON API. */
export interface ConnectionTestResult {
  ok: boolean;
  /** one sentence: what answered, or what failed and what to check */
  summary: string;
  facts: ConnectionFact[];
  /** a stable word for the cause of a failure (e.g. "refused", "timeout") */
  kind?: string;
  /** the module's machine-readable fields, answered by the JSON API beside `ok` */
  details?: Record<string, unknown>;
  /** what the servers list shows of the remote end (each when the module knows it) */
  health?: { version?: string; slotsUsed?: number; slotsTotal?: number };
}

/**
 * The traffic-quota part of a provisioning module (its settings document's `quota`, quotaSettingsSchema
 * of the plugin API): the host pulls, counts, mails and decides; the module reads the policy and takes
 * the steps on its remote side. A module that has quotaPolicy has enforceQuota too.
 */
export interface QuotaModule {
  /** The product's quota settings (read with quotaPolicyOf; monthlyGb 0 = no allowance of the product's own), or null when it has none. */
  quotaPolicy?(product: ProductRecord): QuotaPolicy | null;
  /**
   * Takes one quota step on the remote side: `throttle` caps the client at `mbps` (never above its own
   * caps), `suspend` disables it, `restore` gives back what `from` took (the service's normal caps, or the
   * client enabled). Idempotent: the host repeats a step it could not record. Within the action budget
   * counted from ctx.actionStartedAt; throws the interface's errors when the remote side fails.
   */
  enforceQuota?(ctx: ServiceContext, measure: QuotaMeasure): Promise<void>;
}

/**
 * What `host.audit(res, note)` adds to the audit row the host writes for every state-changing admin request
 * (and every change made while an admin views the client area as a customer): the entity before and after
 * (the row keeps the fields that differ, masked), or the changes themselves, a clearer action or entity.
 */
export interface PluginAuditNote {
  action?: string;
  entity?: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  changes?: Record<string, unknown>;
  /** the request changed nothing after all: no row */
  skip?: boolean;
}

// reconciliation: what a module tells and does about a server's accounts, in the host's neutral terms

/** One account as the remote side holds it, in the host's neutral terms. */
export interface RemoteAccount {
  /** the account's name, matched to a service's `username` */
  name: string;
  /** whether the account is enabled there; null when the remote did not say (nothing is compared) */
  enabled: boolean | null;
  /** the account's values of the module's declared service options (e.g. caps), by option name; an option not reported is left out */
  options: Record<string, unknown>;
  networkName: string | null;
  dedicatedIp: string | null;
  /** set when the account's record could be read only in part: it exists, nothing else of it is compared */
  unreadable?: string;
}

/** Every account of one server as a listing found them. */
export interface RemoteAccountList {
  accounts: RemoteAccount[];
  /**
   * false when accounts may be missing from the list: a page failed, the time ran out, the remote said
   * there were more, a row could not be read. The host then reports no account as missing.
   */
  complete: boolean;
  /** what made the list incomplete, one line each */
  problems: string[];
}

/** What reconciliation asks of a module about a server's accounts. */
export interface RemoteAccounts {
  /**
   * Lists every account of the server within the module's own time budget and answer limits.
   * @throws the interface's errors when nothing could be listed at all
   */
  list(server: ServerRecord, log: ModuleLogWriter): Promise<RemoteAccountList>;
  /**
   * Reads one account to adopt it into a new service: what the host stores about it (its password too).
   * @throws NotFoundError when the account is gone
   */
  adopt(server: ServerRecord, name: string, log: ModuleLogWriter): Promise<RemoteRef>;
  /** Deletes an account no service holds; an account already gone is success. */
  remove(server: ServerRecord, name: string, log: ModuleLogWriter): Promise<void>;
}

/** The provisioning module's member for reconciliation (ProvisioningModule extends it). */
export interface ReconciledModule {
  /** Lists, adopts and deletes the remote accounts of a server, for reconciliation; absent = not reconciled. */
  readonly remoteAccounts?: RemoteAccounts;
}

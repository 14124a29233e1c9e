/**
 * The whole contract between the portal (host) and a provisioning plugin, host API v1.
 * A plugin imports types from this file and nothing else of the host; the host knows a plugin only
 * through these shapes, so no panel detail ever leaks into server/.
 */
import type { Request, Router } from 'express';
import type { ZodType } from 'zod';

export const HOST_API_VERSION = 1;

/** plugins/<id>/plugin.json */
export interface PluginManifest {
  /** lowercase identifier, /^[a-z][a-z0-9]*$/; a persisted public name, never renamed */
  id: string;
  name: string;
  hostApi: number;
}

/** A panel server as the plugin sees it: the API token is already decrypted. */
export interface ServerRecord {
  id: number;
  name: string;
  hostname: string;
  port: number;
  secure: boolean;
  /** HTTPS without certificate verification; only when the admin ticked it explicitly */
  allowSelfSigned: boolean;
  apiToken: string;
  serverGroupId: number;
  enabled: boolean;
  /** per-server overrides; the plugin applies its own defaults when null */
  connectTimeoutMs: number | null;
  responseTimeoutMs: number | null;
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
  /** the VPN client name on the panel */
  username: string | null;
  networkName: string | null;
  dedicatedIp: string | null;
  /** per-service speed option in Mbit/s; null = the product default applies */
  optionDownloadMbps: number | null;
  optionUploadMbps: number | null;
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
  /** VPN password; the host encrypts it at rest */
  password: string | null;
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
  now: Date;
  /** writes a module-log row tied to this service */
  log: ModuleLogWriter;
  /**
   * Reserves a VPN client name for this service. Resolves false when another service already holds it;
   * the host guarantees uniqueness across services (a unique index), safe under concurrency.
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

export type ConnectionReport =
  | { ok: true; version: string; count_accounts: number; count_accounts_available: number; networks: number; warnings?: string[] }
  | { ok: false; kind: string; error: string };

/** One line of an API compatibility check: an endpoint the module uses and how the panel describes it. */
export interface CompatibilityLine {
  /** e.g. "GET /client/{name}" */
  endpoint: string;
  verdict: 'present' | 'missing' | 'differs';
  /** what differs (fields named), empty when present */
  detail: string;
}

/** What checkCompatibility found; `published` false when the panel offers no API description. */
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

export interface ProvisioningModule {
  /** stored on products; never renamed */
  readonly type: string;
  /** validates the product settings document (replaces WHMCS ConfigOptions) */
  readonly productSettings: ZodType<unknown>;
  /** the settings document of a new product */
  defaultProductSettings(): unknown;
  testConnection(server: ServerRecord): Promise<ConnectionReport>;
  create(ctx: ServiceContext): Promise<RemoteRef>;
  suspend(ctx: ServiceContext): Promise<void>;
  unsuspend(ctx: ServiceContext): Promise<void>;
  terminate(ctx: ServiceContext): Promise<void>;
  changePackage(ctx: ServiceContext): Promise<RemoteRef>;
  /** Refuses lifecycle actions (throws an AppError) when the product may not be provisioned, e.g. no licence. */
  assertProvisioningAllowed?(product: ProductRecord, now: Date): Promise<void>;
  /** The product's default speed caps in Mbit/s (0 = unlimited), shown where a service has no option of its own. */
  productBandwidth?(product: ProductRecord): { download: number; upload: number } | null;
  /** The module's settings panel, drawn by the host below the standard product fields. */
  productPanel?(product: ProductRecord): Promise<ViewContribution>;
  /** Live blocks of the admin service page (connection status, VPN client table, config viewer). */
  adminServiceView?(ctx: ServiceContext): Promise<ViewContribution | null>;
  /** The body of the customer's service page. */
  clientServiceView?(ctx: ServiceContext): Promise<ViewContribution | null>;
  /** Problems the admin dashboard should show for a product (e.g. an invalid licence); [] when none. */
  productAlerts?(product: ProductRecord, now: Date): Promise<string[]>;
  /** Compares the API the server's panel describes with what the module uses (CLI panel-check, server page). */
  checkCompatibility?(server: ServerRecord): Promise<CompatibilityReport>;
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

/** Installation settings a plugin may read, from the portal's configuration (admin-api.md). */
export interface PluginSettings {
  /** LICENSE_PUBLIC_KEY: PEM or base64 Ed25519 public keys; empty = licence checks are off */
  licensePublicKey: string;
  /** BILLING_TZ */
  billingTz: string;
  /** CURRENCY, three letters */
  currency: string;
  /** ACTION_BUDGET_MS: the whole time an admin action or API call may spend on remote calls, retries included */
  actionBudgetMs: number;
  /** PAGE_BUDGET_MS: the same for a page or a page's JSON endpoint */
  pageBudgetMs: number;
  /** PANEL_ANSWER_LIMITS as written (e.g. "config=256KB,traffic=2MB"); the plugin reads and checks it */
  panelAnswerLimits: string;
}

/** One speed tier a customer may choose for a product's service option (0 = unlimited). */
export interface SpeedPreset {
  option: 'b_download' | 'b_upload';
  mbps: number;
  /** what the customer sees, e.g. "Unlimited" or "100 Mbit/s" */
  label: string;
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

/** The host's records a plugin may read and write; the plugin never touches the database itself. */
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
   * service belongs to someone else (every customer-facing lookup passes it).
   */
  serviceContext(serviceId: number, clientId?: number): Promise<ServiceContext | null>;
  /** the stored VPN password of a service (decrypted), for the pages that are meant to show it */
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
  /** the speed presets of a product, per option from the lowest tier up */
  speedPresets(productId: number): Promise<SpeedPreset[]>;
  /** adds the presets a product lacks, keeping existing ones and their labels; resolves to how many were added */
  addSpeedPresets(productId: number, presets: SpeedPreset[]): Promise<number>;
}

export interface PluginHost {
  readonly log: PluginLogger;
  readonly data: HostData;
  readonly clock: () => Date;
  /** the installation's configuration values a plugin may read */
  readonly settings: PluginSettings;
  /** shows a one-shot notice on the next page the signed-in user sees (after a redirect) */
  notice(req: Request, text: string, kind?: 'ok' | 'error'): void;
  /** mounted under /admin/plugins/<id>; admin login and CSRF are already enforced */
  adminRoutes(mount: (router: Router) => void): void;
  /** mounted under /client/plugins/<id>; customer login and CSRF are already enforced */
  clientRoutes(mount: (router: Router) => void): void;
  /** a directory of EJS views, looked up after the host's own */
  addViews(dir: string): void;
  provisioner(module: ProvisioningModule): void;
  usageMeter(meter: UsageMeter): void;
}

export interface PortalPlugin {
  manifest: PluginManifest;
  /** Validates the plugin's own settings; throws listing every problem. */
  validateConfig?(raw: unknown): void;
  register(host: PluginHost): void | Promise<void>;
}

/** Identity helper that gives a plugin definition its type. */
export function definePlugin(plugin: PortalPlugin): PortalPlugin {
  return plugin;
}

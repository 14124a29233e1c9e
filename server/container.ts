/**
 * The composition root: builds everything the app, the CLI, the jobs and the tests share, once and in
 * order, and changes none of it afterwards: repositories and their caching layer, the domain deps,
 * billing, the lifecycle with its required hooks, then the plugins, which get what they need at
 * register(). Tests swap the clock, the configuration or the database, never a part after the fact.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Knex } from 'knex';
import { buildBillingDeps } from './billing-container.js';
import { cachedRepositories } from './cache/cached-repositories.js';
import type { ReadMemoOptions } from './cache/read-memo.js';
import type { AppConfig } from './config/load-config.js';
import { PROJECT_ROOT } from './db/create-db.js';
import type { BillingDeps } from './domain/billing/billing-deps.js';
import { finalUsagePull } from './domain/billing/final-usage-pull.js';
import type { DomainDeps, Repositories } from './domain/deps.js';
import type { LifecycleDeps } from './domain/services/run-lifecycle-action.js';
import type { ReconcileDeps } from './domain/reconcile/reconcile-deps.js';
import { createLogger, type Logger } from './logger.js';
import { hostData } from './plugins/host-data.js';
import { createModuleRegistry } from './plugins/module-registry.js';
import { loadPlugins, type LoadedPlugins } from './plugins/plugin-host.js';
import { apiTokensRepository } from './repositories/api-tokens.repository.js';
import { moduleLogRepository } from './repositories/module-log.repository.js';
import { invoicesRepository } from './repositories/invoices.repository.js';
import { productsRepository } from './repositories/products.repository.js';
import { serverGroupsRepository } from './repositories/server-groups.repository.js';
import { serversRepository } from './repositories/servers.repository.js';
import { servicesRepository } from './repositories/services.repository.js';
import { signInLimitsRepository } from './repositories/sign-in-limits.repository.js';
import { sessionsRepository } from './repositories/sessions.repository.js';
import { settingsRepository } from './repositories/settings.repository.js';
import { usersRepository } from './repositories/users.repository.js';
import { mailOutboxRepository } from './repositories/mail-outbox.repository.js';
import { userTokensRepository } from './repositories/user-tokens.repository.js';
import { plansRepository } from './repositories/plans.repository.js';
import { quotaRepository } from './repositories/quota.repository.js';
import { twoFactorRepository } from './repositories/two-factor.repository.js';
import { auditLogRepository } from './repositories/audit-log.repository.js';
import { webhookDeliveriesRepository } from './repositories/webhook-deliveries.repository.js';
import { webhookEndpointsRepository } from './repositories/webhook-endpoints.repository.js';
import type { DeliveryWorker } from './domain/delivery/delivery-worker.js';
import { webhookWorker } from './domain/webhooks/webhook-queue.js';
import { createStopSignal, type StopSignal } from './domain/stop-signal.js';
import { createMetrics, type PortalMetrics } from './metrics/portal-metrics.js';
import { registerReconcileMetrics } from './metrics/reconcile-metrics.js';
import { reconcileFindingsRepository } from './repositories/reconcile-findings.repository.js';
import { buildMailService, type MailService } from './mail/mail-outbox.js';
import type { MailTransport } from './domain/mail/deliver-mail.js';
import { resolveAppKey } from './security/app-key.js';
import { createSecretBox, type SecretBox } from './security/secret-box.js';
import { HOST_NAMESPACE, loadTranslations, type Translations } from './i18n/translations.js';
import { SOURCE_LANGUAGE } from './i18n/languages.js';

export interface Container {
  config: Readonly<AppConfig>;
  db: Knex;
  log: Logger;
  clock: () => Date;
  /** reads go to the database; every write drops the cached page reads it may change */
  repos: Repositories;
  /** the same repositories as a customer's page view reads them: its rows from a few-seconds cache */
  pageRepos: Repositories;
  deps: DomainDeps;
  /** the domain deps over pageRepos, for what customer pages build (a service's context) */
  pageDeps: DomainDeps;
  billing: BillingDeps;
  /** the domain deps with the lifecycle hooks: the only way to run an action */
  lifecycleDeps: LifecycleDeps;
  /** the lifecycle with billing's job lease and run rows: what reconciliation runs and repairs with */
  reconcile: ReconcileDeps;
  plugins: LoadedPlugins;
  /** the mail outbox's sender and the admin's view of a mail */
  mail: MailService;
  /** every shipped language's texts and formats, loaded once here */
  i18n: Translations;
  /** the webhook queue's sender */
  webhooks: DeliveryWorker;
  /** the process's shutdown, as running jobs see it (main.ts requests it on SIGTERM/SIGINT) */
  stop: StopSignal;
  /** this container's Prometheus registry and recorders (/metrics) */
  metrics: PortalMetrics;
  sessionSecret: string;
}

/** The host's texts: one <language>.json per shipped language. */
export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');

export interface ContainerOptions {
  clock?: () => Date;
  log?: Logger;
  /** where plugins are loaded from: plugins/ unless tests add or replace folders */
  pluginsDir?: string | string[];
  /** lifetimes of the page-view cache (tests shorten them) */
  cache?: ReadMemoOptions<unknown>;
  /** the mail transport instead of SMTP_URL's (tests of particular failures) */
  mailTransport?: MailTransport;
  /** how long a webhook receiver has to answer (tests of a slow receiver shorten the 10 s) */
  webhookTimeoutMs?: number;
  /** the Node process's own series in /metrics too (the portal process; tests build many containers) */
  processMetrics?: boolean;
}

/** Builds every repository over one knex instance, without any cache. */
export function buildRepositories(db: Knex, box: SecretBox, clock: () => Date): Repositories {
  const now = () => clock().toISOString();
  return {
    users: usersRepository(db, now),
    apiTokens: apiTokensRepository(db, now),
    serverGroups: serverGroupsRepository(db, now),
    servers: serversRepository(db, box, now),
    products: productsRepository(db, now),
    services: servicesRepository(db, box, now),
    moduleLog: moduleLogRepository(db, now),
    settings: settingsRepository(db),
    signInLimits: signInLimitsRepository(db),
    sessions: sessionsRepository(db),
    mailOutbox: mailOutboxRepository(db, box, () => clock().getTime()),
    userTokens: userTokensRepository(db),
    plans: plansRepository(db, now),
    invoices: invoicesRepository(db),
    quotas: quotaRepository(db),
    twoFactor: twoFactorRepository(db, box, now),
    auditLog: auditLogRepository(db, now),
    webhookEndpoints: webhookEndpointsRepository(db, box, now),
    webhookDeliveries: webhookDeliveriesRepository(db, () => clock().getTime()),
    reconcileFindings: reconcileFindingsRepository(db, now),
  };
}

/**
 * Wires the portal around an open, migrated database.
 * @throws ConfigError when a plugin does not load or its settings are invalid
 */
export async function buildContainer(config: Readonly<AppConfig>, db: Knex, options: ContainerOptions = {}): Promise<Container> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? createLogger(config.logLevel);
  const box = createSecretBox(resolveAppKey(config.appKeyHex, config.databaseUrl));
  const { repos, pageRepos, asWrite, memoCounters } = cachedRepositories(buildRepositories(db, box, clock), options.cache);
  // the stored secrets are masked in logs and pages from the first line on, not only once decrypted
  const unreadable = (await repos.servers.registerSecrets()) + (await repos.services.registerSecrets()) + (await repos.webhookEndpoints.registerSecrets());
  if (unreadable > 0) log.warn({ unreadable }, 'stored secrets that APP_KEY cannot decrypt: was APP_KEY changed?');
  // filled while the plugins register below, then sealed: nothing reads it before a request comes
  const modules = createModuleRegistry();
  // a transaction's repositories are built over it for each one: plain closures, no connection of their own
  const inTransaction: DomainDeps['inTransaction'] = (work) => asWrite(() => db.transaction((trx) => work({ repos: buildRepositories(trx, box, clock), clock })));
  const deps: DomainDeps = { repos, modules, clock, inTransaction };
  const pageDeps: DomainDeps = { repos: pageRepos, modules, clock, inTransaction };
  const stop = createStopSignal();
  const metrics = createMetrics({ repos, invoiceCount: () => repos.invoices.count(), memos: memoCounters }, { processMetrics: options.processMetrics });
  registerReconcileMetrics(metrics.registry, repos.reconcileFindings);
  const billing = buildBillingDeps({ deps, db, config, log, stop, observe: metrics });
  const lifecycleDeps: LifecycleDeps = { ...deps, timeZone: config.billingTz, hooks: { beforeTerminate: (service, actionStartedAt) => finalUsagePull(billing, service, actionStartedAt) } };
  const reconcile: ReconcileDeps = { ...billing, timeZone: config.billingTz, hooks: lifecycleDeps.hooks };
  const plugins = await loadPlugins(options.pluginsDir ?? path.join(PROJECT_ROOT, 'plugins'), {
    log,
    clock,
    db,
    data: hostData({ deps, pageDeps, billing, box }),
    env: config.environment,
    settings: { billingTz: config.billingTz, currency: config.currency, actionBudgetMs: config.actionBudgetMs, pageBudgetMs: config.pageBudgetMs },
    registry: modules,
    // the plugins' requests are answered after the translations below are loaded
    locale: (req, ns) => i18n.locale((req.res?.locals.locale as { lang?: string } | undefined)?.lang ?? SOURCE_LANGUAGE, ns),
    observe: metrics,
  });
  const i18n = loadTranslations([{ ns: HOST_NAMESPACE, dir: LOCALES_DIR }, ...plugins.texts], {
    strict: config.env === 'test',
    onMissing: (key, lang) => log.warn({ key, lang }, 'a text is missing in a language: shown in English'),
  });
  const mail = buildMailService({ deps, config, log, i18n }, options.mailTransport);
  const webhooks = webhookWorker(deps, config.webhookRetrySeconds, log, { timeoutMs: options.webhookTimeoutMs });
  const sessionSecret = config.sessionSecret ?? (await repos.settings.getOrCreate('session_secret', () => crypto.randomBytes(32).toString('hex')));
  return { config, db, log, clock, repos, pageRepos, deps, pageDeps, billing, lifecycleDeps, reconcile, plugins, mail, i18n, webhooks, stop, metrics, sessionSecret };
}

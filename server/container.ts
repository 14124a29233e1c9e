/**
 * The composition root: builds repositories, domain dependencies and the plugin host once, so that
 * the app, the CLI, the jobs and the tests share one wiring and can swap the clock or the database.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Knex } from 'knex';
import type { AppConfig } from './config/load-config.js';
import { PROJECT_ROOT } from './db/create-db.js';
import type { DomainDeps, ModuleRegistry, Repositories } from './domain/deps.js';
import { updateProductConfig } from './domain/catalogue/products.js';
import { createLogger, type Logger } from './logger.js';
import { loadPlugins, type LoadedPlugins } from './plugins/plugin-host.js';
import type { HostData, PluginSettings } from './plugins/plugin-api.js';
import { apiTokensRepository } from './repositories/api-tokens.repository.js';
import { loginThrottleRepository } from './repositories/login-throttle.repository.js';
import { moduleLogRepository } from './repositories/module-log.repository.js';
import { productsRepository } from './repositories/products.repository.js';
import { serverGroupsRepository } from './repositories/server-groups.repository.js';
import { serversRepository } from './repositories/servers.repository.js';
import { servicesRepository } from './repositories/services.repository.js';
import { settingsRepository } from './repositories/settings.repository.js';
import { speedPresetsRepository } from './repositories/speed-presets.repository.js';
import { usersRepository } from './repositories/users.repository.js';
import { buildServiceContext } from './domain/services/service-context.js';
import { usageEstimate } from './domain/billing/usage-estimate.js';
import type { LifecycleHooks } from './domain/services/run-lifecycle-action.js';
import { attachBillingHooks, billingDeps } from './billing-container.js';
import { resolveAppKey } from './security/app-key.js';
import { createSecretBox } from './security/secret-box.js';

export interface Container {
  config: Readonly<AppConfig>;
  db: Knex;
  log: Logger;
  clock: () => Date;
  repos: Repositories;
  deps: DomainDeps;
  plugins: LoadedPlugins;
  sessionSecret: string;
  /** domain deps plus the hooks other capabilities attach to the lifecycle */
  lifecycleDeps: DomainDeps & { hooks: LifecycleHooks };
}

export interface ContainerOptions {
  clock?: () => Date;
  log?: Logger;
  pluginsDir?: string;
}

/** The configuration values plugins may read. */
function pluginSettings(config: Readonly<AppConfig>): PluginSettings {
  const { licensePublicKey, billingTz, currency, actionBudgetMs, pageBudgetMs, panelAnswerLimits } = config;
  return { licensePublicKey, billingTz, currency, actionBudgetMs, pageBudgetMs, panelAnswerLimits };
}

/** Builds every repository over one knex instance. */
export function buildRepositories(db: Knex, appKeyHex: string, clock: () => Date): Repositories {
  const now = () => clock().toISOString();
  const box = createSecretBox(appKeyHex);
  return {
    users: usersRepository(db, now),
    apiTokens: apiTokensRepository(db, now),
    serverGroups: serverGroupsRepository(db, now),
    servers: serversRepository(db, box, now),
    products: productsRepository(db, now),
    services: servicesRepository(db, box, now),
    moduleLog: moduleLogRepository(db, now),
    settings: settingsRepository(db),
    loginThrottle: loginThrottleRepository(db),
  };
}

/**
 * Wires the portal around an open, migrated database.
 * @throws ConfigError when a plugin does not load or validate
 */
export async function buildContainer(config: Readonly<AppConfig>, db: Knex, options: ContainerOptions = {}): Promise<Container> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? createLogger(config.logLevel);
  const repos = buildRepositories(db, resolveAppKey(config.appKeyHex, config.databaseUrl), clock);
  const registry: { loaded: LoadedPlugins | null } = { loaded: null };
  const modules: ModuleRegistry = {
    provisioner: (type) => registry.loaded?.provisioners.get(type) ?? null,
    meter: (type) => registry.loaded?.meters.get(type) ?? null,
    types: () => [...(registry.loaded?.provisioners.keys() ?? [])],
  };
  const deps: DomainDeps = { repos, modules, clock };
  const speedPresets = speedPresetsRepository(db, () => clock().toISOString());
  const data: HostData = {
    product: (id) => repos.products.findById(id),
    saveProductConfig: (id, config) => updateProductConfig(deps, id, config),
    serverGroup: (id) => repos.serverGroups.findById(id),
    groupServers: (groupId) => repos.servers.enabledInGroup(groupId),
    server: (id) => repos.servers.findRecord(id),
    serviceContext: async (serviceId, clientId) => {
      const service = clientId === undefined ? await repos.services.findById(serviceId) : await repos.services.findForClient(serviceId, clientId);
      if (!service) return null;
      // a customer's own service: the client is the signed-in user, just resolved for this request
      const client = clientId === undefined ? undefined : ((await repos.users.findForSession(clientId)) ?? undefined);
      return buildServiceContext(deps, service, { client, forView: client !== undefined });
    },
    servicePassword: (serviceId) => repos.services.readPassword(serviceId),
    usageEstimate: async (serviceId, clientId) => {
      if (!(await repos.services.findForClient(serviceId, clientId))) return null;
      // `container` is assigned below, before any request can reach this
      const e = await usageEstimate(billingDeps(container), serviceId, clock());
      if (!e) return null;
      const lines = e.lines.map((l) => ({ metric: l.metric, gb: l.gb, includedGb: l.included_gb, billableGb: l.billable_gb, unitPrice: l.unit_price, amountMinor: l.amount_minor }));
      return { period: e.period, lines, totalMinor: e.total_minor, currency: e.currency, rules: e.rules, updatedAt: e.updated_at };
    },
    storedUsage: async (serviceId, clientId, period) => {
      if (!(await repos.services.findForClient(serviceId, clientId))) return null;
      const days = await billingDeps(container).usage.daysOf(serviceId, `${period.year}-${String(period.month).padStart(2, '0')}`);
      return days.map((d) => ({ date: d.day, downloadBytes: d.downloadBytes, uploadBytes: d.uploadBytes }));
    },
    moduleLog: (entry) => repos.moduleLog.write(entry),
    speedPresets: (productId) => speedPresets.forProduct(productId),
    addSpeedPresets: (productId, presets) => speedPresets.addMissing(productId, presets),
  };
  registry.loaded = await loadPlugins(options.pluginsDir ?? path.join(PROJECT_ROOT, 'plugins'), { log, clock, data, settings: pluginSettings(config) });
  const sessionSecret = config.sessionSecret ?? (await repos.settings.getOrCreate('session_secret', () => crypto.randomBytes(32).toString('hex')));
  const container: Container = { config, db, log, clock, repos, deps, plugins: registry.loaded, sessionSecret, lifecycleDeps: { ...deps, hooks: {} } };
  attachBillingHooks(container);
  return container;
}

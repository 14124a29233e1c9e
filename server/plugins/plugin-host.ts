/**
 * Loads the plugins under plugins/, validates each against the host API, calls each one's
 * validateConfig with the environment, registers it and collects what it contributes. Every problem
 * across all plugins is reported in one error, before anything is served.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Router } from 'express';
import type { Knex } from 'knex';
import { DEFAULT_ACTION_BUDGET_MS, DEFAULT_PAGE_BUDGET_MS } from '../config/load-config.js';
import { ConfigError } from '../errors.js';
import { setNotice } from '../http/middleware/page-locals.js';
import { noteAudit } from '../http/middleware/audit-trail.js';
import type { Logger } from '../logger.js';
import { pluginCache } from '../cache/plugin-cache.js';
import { createModuleRegistry, type ModuleRegistryBuilder } from './module-registry.js';
import { moduleProblems, meterProblems } from './module-checks.js';
import { HOST_API_VERSION, type HostData, type PluginEnv, type PluginManifest, type PluginSettings, type PluginTables, type PortalPlugin } from './plugin-api.js';
import type { ModuleRegistry } from '../domain/deps.js';
import type { Observer } from '../domain/observer.js';

/** What a plugin reads when the caller passes no configuration (the documented defaults). */
const DEFAULT_PLUGIN_SETTINGS: PluginSettings = { billingTz: 'UTC', currency: 'USD', actionBudgetMs: DEFAULT_ACTION_BUDGET_MS, pageBudgetMs: DEFAULT_PAGE_BUDGET_MS };
const TABLE_NAME = /^[a-z][a-z0-9_]*$/;

export interface LoadedPlugins {
  manifests: PluginManifest[];
  modules: ModuleRegistry;
  adminRouters: Map<string, Router>;
  clientRouters: Map<string, Router>;
  viewDirs: string[];
  /** URL prefix → directory of each plugin's browser files */
  assets: Map<string, string>;
}

/** What the host hands every plugin. */
export interface PluginHostContext {
  log: Logger;
  clock: () => Date;
  data: HostData;
  /** the portal's database, of which a plugin reaches only its own `<id>_*` tables */
  db: Knex;
  /** the environment the portal started with, for the plugins' validateConfig */
  env?: PluginEnv;
  settings?: PluginSettings;
  /** filled while the plugins register, then sealed; a new one when absent */
  registry?: ModuleRegistryBuilder;
  /** where the plugins' remote calls are counted; nowhere when absent */
  observe?: Pick<Observer, 'panelCall'>;
}

/** Checks a manifest; returns its problems. */
export function manifestProblems(where: string, m: Partial<PluginManifest> | undefined): string[] {
  if (!m || typeof m !== 'object') return [`${where}: plugin.json is missing or not an object`];
  const problems: string[] = [];
  if (typeof m.id !== 'string' || !/^[a-z][a-z0-9]*$/.test(m.id)) problems.push(`${where}: manifest id must match /^[a-z][a-z0-9]*$/`);
  if (typeof m.name !== 'string' || m.name.trim() === '') problems.push(`${where}: manifest name is required`);
  if (m.hostApi !== HOST_API_VERSION) problems.push(`${where}: written for host API ${String(m.hostApi)}, this portal provides ${HOST_API_VERSION}`);
  return problems;
}

/** The plugin's own tables: `name` becomes `<id>_<name>`, so no other table can be named. */
function pluginTables(db: Knex, id: string): PluginTables {
  const named = (q: Knex | Knex.Transaction) => (name: string) => {
    if (!TABLE_NAME.test(name)) throw new TypeError(`plugin ${id}: "${name}" is not a table name (lowercase letters, digits, "_")`);
    return q(`${id}_${name}`);
  };
  return { table: named(db), transaction: (work) => db.transaction((trx) => work({ table: named(trx) })) };
}

/** The plugin's settings, or its problems as lines naming the variables. */
function validatedConfig(where: string, plugin: PortalPlugin, env: PluginEnv): { config: unknown } | { problems: string[] } {
  try {
    return { config: plugin.validateConfig?.(env) };
  } catch (err) {
    if (err instanceof ConfigError) return { problems: err.problems.map((p) => `${where}: ${p}`) };
    return { problems: [`${where}: validateConfig() failed: ${String((err as Error)?.message ?? err).split('\n')[0]}`] };
  }
}

/**
 * Registers already-imported plugins against the host.
 * @throws ConfigError listing every problem of every plugin
 */
export async function registerPlugins(plugins: { where: string; plugin: PortalPlugin }[], ctx: PluginHostContext): Promise<LoadedPlugins> {
  const registry = ctx.registry ?? createModuleRegistry();
  const loaded: LoadedPlugins = { manifests: [], modules: registry, adminRouters: new Map(), clientRouters: new Map(), viewDirs: [], assets: new Map() };
  const problems: string[] = [];
  const ids = new Set<string>();
  const settings = Object.freeze({ ...(ctx.settings ?? DEFAULT_PLUGIN_SETTINGS) });
  const env = Object.freeze({ ...(ctx.env ?? {}) });
  for (const { where, plugin } of plugins) {
    const manifestIssues = manifestProblems(where, plugin?.manifest);
    if (typeof plugin?.register !== 'function') manifestIssues.push(`${where}: default export has no register()`);
    if (manifestIssues.length > 0) {
      problems.push(...manifestIssues);
      continue;
    }
    const id = plugin.manifest.id;
    if (ids.has(id)) problems.push(`${where}: plugin id "${id}" is used twice`);
    ids.add(id);
    const validated = validatedConfig(where, plugin, env);
    if ('problems' in validated) {
      problems.push(...validated.problems);
      continue;
    }
    const log = ctx.log.child({ plugin: id });
    // a plugin that throws while registering is one more problem to report, not the end of the report
    try {
      await plugin.register({
        id,
        log: { info: (m, d) => log.info(d ?? {}, m), warn: (m, d) => log.warn(d ?? {}, m), error: (m, d) => log.error(d ?? {}, m) },
        clock: ctx.clock,
        config: validated.config,
        settings,
        tables: pluginTables(ctx.db, id),
        metrics: { remoteCall: ctx.observe ? (server, kind, seconds, ok) => ctx.observe?.panelCall(server, kind, seconds, ok) : () => undefined },
        cache: (options) => pluginCache(options),
        notice: setNotice,
        audit: noteAudit,
        data: ctx.data,
        adminRoutes: (mount) => mount(routerFor(loaded.adminRouters, id)),
        clientRoutes: (mount) => mount(routerFor(loaded.clientRouters, id)),
        addViews: (dir) => loaded.viewDirs.push(dir),
        assets: (dir) => {
          const prefix = `/plugins/${id}/assets`;
          if (loaded.assets.has(prefix)) problems.push(`${where}: assets() is called twice`);
          loaded.assets.set(prefix, dir);
          return prefix;
        },
        provisioner: (module) => {
          const issues = moduleProblems(where, module);
          if (registry.hasProvisioner(module.type)) issues.push(`${where}: provisioner type "${module.type}" is registered twice`);
          if (issues.length > 0) problems.push(...issues);
          else registry.addProvisioner(module);
        },
        usageMeter: (meter) => {
          const issues = meterProblems(where, meter);
          if (issues.length > 0) problems.push(...issues);
          else registry.addMeter(meter);
        },
      });
    } catch (err) {
      problems.push(`${where}: register() failed: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
      continue;
    }
    loaded.manifests.push(plugin.manifest);
  }
  registry.seal();
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `plugin ${p}`));
  return loaded;
}

function routerFor(map: Map<string, Router>, id: string): Router {
  let router = map.get(id);
  if (!router) {
    router = Router();
    map.set(id, router);
  }
  return router;
}

/**
 * Imports every <plugins dir>/<dir>/index.ts that has a plugin.json, and registers them.
 * @param pluginsDirs plugins/ (tests add a folder of example plugins)
 * @throws ConfigError listing every problem found
 */
export async function loadPlugins(pluginsDirs: string | readonly string[], ctx: PluginHostContext): Promise<LoadedPlugins> {
  const found: { where: string; plugin: PortalPlugin }[] = [];
  const problems: string[] = [];
  for (const pluginsDir of typeof pluginsDirs === 'string' ? [pluginsDirs] : pluginsDirs) problems.push(...(await importPlugins(pluginsDir, found)));
  if (problems.length > 0) throw new ConfigError(problems);
  return registerPlugins(found, ctx);
}

/** Imports the plugins of one folder into `found`; returns the problems. */
async function importPlugins(pluginsDir: string, found: { where: string; plugin: PortalPlugin }[]): Promise<string[]> {
  const problems: string[] = [];
  for (const dir of fs.readdirSync(pluginsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const manifestFile = path.join(pluginsDir, dir, 'plugin.json');
    if (!fs.existsSync(manifestFile)) continue;
    try {
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as PluginManifest;
      const mod = (await import(pathToFileURL(path.join(pluginsDir, dir, 'index.ts')).href)) as { default?: PortalPlugin };
      if (!mod.default) problems.push(`plugins/${dir}: index.ts has no default export`);
      else if (mod.default.manifest?.id !== manifest.id) problems.push(`plugins/${dir}: index.ts manifest does not match plugin.json`);
      else found.push({ where: `plugins/${dir}`, plugin: mod.default });
    } catch (err) {
      problems.push(`plugins/${dir}: cannot be loaded: ${(err as Error).message}`);
    }
  }
  return problems;
}

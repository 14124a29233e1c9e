/**
 * Loads the plugins under plugins/, validates each against the host API and collects what they
 * contribute. Every problem across all plugins is reported in one error, before anything is served.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Router } from 'express';
import { ConfigError } from '../errors.js';
import { setNotice } from '../http/middleware/page-locals.js';
import type { Logger } from '../logger.js';
import { HOST_API_VERSION, type HostData, type PluginManifest, type PluginSettings, type PortalPlugin, type ProvisioningModule, type UsageMeter } from './plugin-api.js';

/** What a plugin reads when the caller passes no configuration (the documented defaults, licence checks off). */
const DEFAULT_PLUGIN_SETTINGS: PluginSettings = { licensePublicKey: '', billingTz: 'UTC', currency: 'USD', actionBudgetMs: 15_000, pageBudgetMs: 3_000, panelAnswerLimits: '' };

const REQUIRED_METHODS = ['defaultProductSettings', 'testConnection', 'create', 'suspend', 'unsuspend', 'terminate', 'changePackage'] as const;

export interface LoadedPlugins {
  manifests: PluginManifest[];
  provisioners: Map<string, ProvisioningModule>;
  meters: Map<string, UsageMeter>;
  adminRouters: Map<string, Router>;
  clientRouters: Map<string, Router>;
  viewDirs: string[];
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

/** Checks a provisioning module's shape; returns its problems. */
export function provisionerProblems(where: string, module: ProvisioningModule): string[] {
  const problems: string[] = [];
  if (typeof module.type !== 'string' || module.type === '') problems.push(`${where}: provisioner has no type`);
  if (!module.productSettings || typeof module.productSettings.safeParse !== 'function') problems.push(`${where}: provisioner has no productSettings schema`);
  for (const name of REQUIRED_METHODS) {
    if (typeof module[name] !== 'function') problems.push(`${where}: provisioner method ${name}() is missing`);
  }
  return problems;
}

/**
 * Registers already-imported plugins against the host.
 * @throws ConfigError listing every problem of every plugin
 */
export async function registerPlugins(plugins: { where: string; plugin: PortalPlugin }[], ctx: { log: Logger; clock: () => Date; data: HostData; settings?: PluginSettings }): Promise<LoadedPlugins> {
  const loaded: LoadedPlugins = { manifests: [], provisioners: new Map(), meters: new Map(), adminRouters: new Map(), clientRouters: new Map(), viewDirs: [] };
  const problems: string[] = [];
  const ids = new Set<string>();
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
    const log = ctx.log.child({ plugin: id });
    // a plugin that throws while registering is one more problem to report, not the end of the report
    try {
      await plugin.register({
        log: { info: (m, d) => log.info(d ?? {}, m), warn: (m, d) => log.warn(d ?? {}, m), error: (m, d) => log.error(d ?? {}, m) },
        clock: ctx.clock,
        settings: Object.freeze({ ...(ctx.settings ?? DEFAULT_PLUGIN_SETTINGS) }),
        notice: setNotice,
        data: ctx.data,
        adminRoutes: (mount) => mount(routerFor(loaded.adminRouters, id)),
        clientRoutes: (mount) => mount(routerFor(loaded.clientRouters, id)),
        addViews: (dir) => loaded.viewDirs.push(dir),
        provisioner: (module) => {
          const issues = provisionerProblems(where, module);
          if (loaded.provisioners.has(module.type)) issues.push(`${where}: provisioner type "${module.type}" is registered twice`);
          if (issues.length > 0) problems.push(...issues);
          else loaded.provisioners.set(module.type, module);
        },
        usageMeter: (meter) => {
          if (typeof meter.monthlyUsage !== 'function' || typeof meter.metrics !== 'function') problems.push(`${where}: usage meter "${meter.type}" lacks metrics() or monthlyUsage()`);
          else loaded.meters.set(meter.type, meter);
        },
      });
    } catch (err) {
      problems.push(`${where}: register() failed: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
      continue;
    }
    loaded.manifests.push(plugin.manifest);
  }
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
 * Imports every plugins/<dir>/index.ts that has a plugin.json, and registers them.
 * @throws ConfigError listing every problem found
 */
export async function loadPlugins(pluginsDir: string, ctx: { log: Logger; clock: () => Date; data: HostData; settings?: PluginSettings }): Promise<LoadedPlugins> {
  const found: { where: string; plugin: PortalPlugin }[] = [];
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
  if (problems.length > 0) throw new ConfigError(problems);
  return registerPlugins(found, ctx);
}

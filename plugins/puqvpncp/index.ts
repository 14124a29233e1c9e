/**
 * The PUQ VPNcp plugin: the only entry point the host imports. validateConfig reads the plugin's own
 * settings when the portal starts (licence keys, panel answer limits); register() builds the plugin's
 * parts once (panel settings with the host's time budgets, licence gate, client area) and
 * hands the same ones to the provisioning module and to the routes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { definePlugin, type PluginManifest } from '../../server/plugins/plugin-api.js';
import { mountAdminServiceRoutes } from './server/admin-service/admin-service.routes.js';
import { createClientArea } from './server/client-area/client-area.js';
import { mountClientLiveRoutes } from './server/client-area/client-live.routes.js';
import { mountClientTrafficRoutes } from './server/client-area/client-traffic.routes.js';
import { createLicenceGate, LICENCE_VERDICT_MAX_AGE_MS } from './server/licence/licence-status.js';
import type { LicenceCheck } from './server/licence/licence-token.js';
import { panelSettingsFrom } from './server/panel/panel-policy.js';
import { readPluginConfig, type PuqVpncpConfig } from './server/plugin-config.js';
import { createProvisioner, MODULE_TYPE } from './server/provisioner.js';
import { mountProductPanelRoutes } from './server/settings-panel/panel-routes.js';
import { createUsageMeter } from './server/usage-meter.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifest: PluginManifest = { id: 'puqvpncp', name: 'PUQ VPNcp', hostApi: 2 };

export default definePlugin<PuqVpncpConfig>({
  manifest,
  validateConfig: readPluginConfig,
  register(host) {
    const settings = panelSettingsFrom(host.settings, host.config.answerLimits, host.metrics.remoteCall);
    // the verdicts' own age is judged on the host's clock (verdictHolds); the memo only bounds their number
    const gate = createLicenceGate(host.config.licencePublicKeys, host.clock, host.cache<LicenceCheck>({ ttlMs: LICENCE_VERDICT_MAX_AGE_MS, maxEntries: 1000 }));
    const area = createClientArea(host, settings);
    host.addViews(path.join(here, 'views'));
    host.assets(path.join(here, 'public'));
    host.provisioner(createProvisioner({ area, gate }));
    host.usageMeter(createUsageMeter(settings));
    host.adminRoutes((router) => mountProductPanelRoutes(router, host, { settings, gate }));
    host.adminRoutes((router) => mountAdminServiceRoutes(router, host, MODULE_TYPE, settings));
    host.clientRoutes(mountClientLiveRoutes(area));
    host.clientRoutes(mountClientTrafficRoutes(area));
  },
});

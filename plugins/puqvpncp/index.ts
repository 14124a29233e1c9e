/**
 * The PUQ VPNcp plugin: the only entry point the host imports. It registers the provisioning module,
 * the usage meter, its admin and client routes and its views, all through the host API.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { definePlugin, type PluginManifest } from '../../server/plugins/plugin-api.js';
import { createProvisioner, MODULE_TYPE } from './server/provisioner.js';
import { mountAdminServiceRoutes } from './server/admin-service/admin-service.routes.js';
import { mountProductPanelRoutes } from './server/product-panel/panel-routes.js';
import { createUsageMeter } from './server/usage-meter.js';
import { createClientArea } from './server/client-area/client-area.js';
import { panelSettingsFrom } from './server/panel/panel-policy.js';
import { mountClientLiveRoutes } from './server/client-area/client-live.routes.js';
import { mountClientTrafficRoutes } from './server/client-area/client-traffic.routes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifest: PluginManifest = { id: 'puqvpncp', name: 'PUQ VPNcp', hostApi: 1 };

export default definePlugin({
  manifest,
  register(host) {
    // a bad PANEL_ANSWER_LIMITS stops start-up here, with the variable named
    const settings = panelSettingsFrom(host.settings);
    const area = createClientArea(host, settings);
    host.addViews(path.join(here, 'views'));
    host.provisioner(createProvisioner(host, settings, area));
    host.adminRoutes((router) => mountProductPanelRoutes(router, host, settings));
    host.adminRoutes((router) => mountAdminServiceRoutes(router, host, MODULE_TYPE, settings));
    host.usageMeter(createUsageMeter(settings));
    host.clientRoutes(mountClientLiveRoutes(area));
    host.clientRoutes(mountClientTrafficRoutes(area));
  },
});

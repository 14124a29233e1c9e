/**
 * The PUQ VPNcp plugin: the only entry point the host imports. It registers the provisioning module,
 * the usage meter, its admin and client routes and its views, all through the host API.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { definePlugin, type PluginManifest } from '../../server/plugins/plugin-api.js';
import { createProvisioner } from './server/provisioner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifest: PluginManifest = { id: 'puqvpncp', name: 'PUQ VPNcp', hostApi: 1 };

export default definePlugin({
  manifest,
  register(host) {
    host.addViews(path.join(here, 'views'));
    host.provisioner(createProvisioner(host));
  },
});

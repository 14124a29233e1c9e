/**
 * The product-page members of the puqvpncp module: the settings panel, the dashboard alerts and the licence
 * refusal of lifecycle actions. One licence gate per plugin host, shared by these members and the panel's routes.
 */
import type { PluginHost, ProvisioningModule } from '../../../../server/plugins/plugin-api.js';
import { createLicenceGate, type LicenceGate } from '../licence/licence-status.js';
import type { PanelSettings } from '../panel/panel-policy.js';
import { productPanelView } from './panel-view.js';

const gates = new WeakMap<PluginHost, LicenceGate>();

/**
 * The licence gate of a host, built on first use from its LICENSE_PUBLIC_KEY.
 * @throws ConfigError when a configured public key is unusable
 */
export function licenceGateOf(host: PluginHost): LicenceGate {
  let gate = gates.get(host);
  if (!gate) {
    gate = createLicenceGate(host.settings.licensePublicKey, host.clock);
    gates.set(host, gate);
  }
  return gate;
}

/**
 * The members the provisioner spreads into itself.
 * @throws ConfigError at registration when LICENSE_PUBLIC_KEY holds an unusable key
 */
export function productPanelMembers(host: PluginHost, settings: PanelSettings): Required<Pick<ProvisioningModule, 'productPanel' | 'productAlerts' | 'assertProvisioningAllowed'>> {
  const gate = licenceGateOf(host);
  return {
    productPanel: (product) => productPanelView(host, settings, gate, product),
    productAlerts: async (product) => gate.alerts(product),
    assertProvisioningAllowed: async (product) => gate.assertAllowed(product),
  };
}

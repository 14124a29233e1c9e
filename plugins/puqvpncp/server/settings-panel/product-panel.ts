/**
 * The product-page members of the puqvpncp module: the settings panel, the dashboard alerts and the licence
 * refusal of lifecycle actions, all over the one licence gate the plugin builds at register().
 */
import type { PluginHost, ProvisioningModule } from '../../../../server/plugins/plugin-api.js';
import type { LicenceGate } from '../licence/licence-status.js';
import { productPanelView } from './panel-view.js';
import type { SpeedPresets } from './speed-presets.js';

/** The members the provisioner spreads into itself. */
export function productPanelMembers(host: PluginHost, gate: LicenceGate, presets: SpeedPresets): Required<Pick<ProvisioningModule, 'productSettingsView' | 'productAlerts' | 'assertProvisioningAllowed'>> {
  return {
    productSettingsView: (product) => productPanelView(host, gate, presets, product),
    productAlerts: (product) => gate.alerts(product),
    assertProvisioningAllowed: (product) => gate.assertAllowed(product),
  };
}

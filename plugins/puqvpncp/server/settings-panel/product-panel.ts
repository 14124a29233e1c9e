/**
 * The product-page members of the puqvpncp module: the settings panel, the dashboard alerts and the licence
 * refusal of lifecycle actions, all over the one licence gate the plugin builds at register().
 */
import type { PluginHost, ProvisioningModule } from '../../../../server/plugins/plugin-api.js';
import { productPanelView, type SettingsPanelParts } from './panel-view.js';

/** The members the provisioner spreads into itself. */
export function productPanelMembers(host: PluginHost, parts: SettingsPanelParts): Required<Pick<ProvisioningModule, 'productSettingsView' | 'productAlerts' | 'assertProvisioningAllowed'>> {
  const { gate } = parts;
  return {
    productSettingsView: (product) => productPanelView(host, parts, product),
    productAlerts: (product) => gate.alerts(product),
    assertProvisioningAllowed: (product) => gate.assertAllowed(product),
  };
}

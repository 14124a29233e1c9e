/**
 * The "PUQ VPNcp settings" panel's view-model for one product: the form (saved, or as just submitted with
 * its errors), the licence status row, the client-name preview, the network tree of
 * the whole group and the placement preview, the latter computed by selectPlacement as provisioning does.
 */
import { defaultQuotaSettings, type PluginHost, type ProductRecord, type ViewContribution } from '../../../../server/plugins/plugin-api.js';
import { previewClientName } from '../client-name.js';
import type { LicenceGate } from '../licence/licence-status.js';
import type { PanelSettings } from '../panel/panel-policy.js';
import { describePlacement, NoDeployablePairError, selectPlacement, type PlacementPair } from '../network-selection.js';
import { defaultProductConfig, type ProductConfig } from '../product-config.js';
import { GroupProbe } from './group-probe.js';
import { loadNetworkTree } from './network-tree.js';
import { formFromConfig, type SettingsForm } from './settings-form.js';

/** Where the panel's forms and scripts go; mounted by the host at /admin/plugins/puqvpncp. */
export const PANEL_BASE = '/admin/plugins/puqvpncp';

/** The panel's view, as the host includes it below the standard product fields. */
export const PANEL_VIEW = 'admin/product-config';

/** What the settings panel is built over, made once by the plugin's register(). */
export interface SettingsPanelParts {
  /** the installation's budgets and answer limits: the page's budget bounds the panel questions */
  settings: PanelSettings;
  gate: LicenceGate;
}

/** A posted form that did not validate: what was typed, and a message per dotted field. */
export interface SubmittedForm {
  form: SettingsForm;
  errors: Record<string, string>;
  message: string;
}

const QUOTA_COUNTS_OPTIONS = [
  { value: 'total', label: 'Download and upload' },
  { value: 'download', label: 'Download only' },
];
const QUOTA_ACTION_OPTIONS = [
  { value: 'throttle', label: 'Throttle to the speed below' },
  { value: 'suspend', label: 'Suspend (client disabled on the panel)' },
];

const SHOW_PASSWORD_OPTIONS = [
  { value: 'button', label: 'Show button (hidden until clicked)' },
  { value: 'plain', label: 'Plain text' },
  { value: 'no', label: 'No (never shown)' },
];

/**
 * Builds the panel for a product; every server of its group is asked in parallel within the page's one
 * time budget, so the wait is that of the slowest server (bounded by the budget), never the sum.
 * @param submitted a rejected form to show again instead of the saved settings
 */
export async function productPanelView(host: PluginHost, { settings, gate }: SettingsPanelParts, product: ProductRecord, submitted?: SubmittedForm): Promise<ViewContribution> {
  const config = savedConfig(product);
  const form = submitted?.form ?? formFromConfig(config);
  const [group, servers, licence] = await Promise.all([
    host.data.serverGroup(product.serverGroupId),
    host.data.groupServers(product.serverGroupId),
    gate.status(form.values.license_key),
  ]);
  const probe = new GroupProbe(servers, host.data.moduleLog, settings);
  // The preview's free-IP questions start with the status calls instead of after them, so they add no wait.
  for (const pair of config.networks) if (servers.some((s) => s.id === pair.server_id)) probe.freeIps(pair.server_id, pair.network).catch(() => undefined);
  const [tree, placement] = await Promise.all([
    loadNetworkTree(group?.name ?? `#${product.serverGroupId}`, servers, probe, form.pairs),
    placementPreview(config.networks, probe),
  ]);
  const base = `${PANEL_BASE}/products/${product.id}`;
  return {
    view: PANEL_VIEW,
    locals: {
      vpn: {
        productId: product.id,
        actionUrl: `${base}/settings`,
        previewUrl: `${PANEL_BASE}/client-name-preview.json`,
        values: form.values,
        errors: submitted?.errors ?? {},
        ...groupedErrors(form, submitted?.errors ?? {}),
        formError: submitted?.message ?? null,
        licence,
        clientName: previewClientName(form.values.client_name_rule),
        showPasswordOptions: SHOW_PASSWORD_OPTIONS,
        quotaCountsOptions: QUOTA_COUNTS_OPTIONS,
        quotaActionOptions: QUOTA_ACTION_OPTIONS,
        tree,
        placement,
      },
    },
  };
}

/** Errors that have no input of their own: those of the pairs, and any other (e.g. an unknown key). */
function groupedErrors(form: SettingsForm, errors: Record<string, string>) {
  const entries = Object.entries(errors).map(([field, message]) => ({ field, message }));
  const isNetworks = (field: string) => field === 'networks' || field.startsWith('networks.');
  return {
    networkErrors: entries.filter((e) => isNetworks(e.field)),
    otherErrors: entries.filter((e) => !isNetworks(e.field) && !Object.hasOwn(form.values, e.field)),
  };
}

/** The stored document; a product saved before the module existed falls back to the defaults. */
function savedConfig(product: ProductRecord): ProductConfig {
  const config = product.config as Partial<ProductConfig> | null;
  if (!config || !Array.isArray(config.networks) || !config.bandwidth || !config.metrics) return defaultProductConfig();
  // a document saved before quotas existed has none
  return { ...(config as ProductConfig), quota: config.quota ?? defaultQuotaSettings() };
}

/** The sentence "the next service would be created on …" for the saved pairs. */
async function placementPreview(pairs: readonly PlacementPair[], probe: GroupProbe): Promise<{ kind: 'ok' | 'info' | 'warn'; text: string }> {
  try {
    const placement = await selectPlacement(pairs, probe.placementProbe());
    return { kind: placement.kind === 'pair' ? 'ok' : 'info', text: describePlacement(placement) };
  } catch (err) {
    if (err instanceof NoDeployablePairError) return { kind: 'warn', text: describePlacement(err) };
    throw err;
  }
}

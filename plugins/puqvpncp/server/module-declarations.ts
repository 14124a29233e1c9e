/**
 * What the puqvpncp module asks the host to store for it: the per-service speed options (WHMCS
 * configurable options b_download / b_upload, in the panel's own names) and the server settings (the
 * panel's API port and this module's default waits; nothing else is needed per server).
 */
import { z } from 'zod';
import type { ProductRecord, ServerSettingsSpec, ServiceOptionSpec } from '../../../server/plugins/plugin-api.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_PANEL_PORT, DEFAULT_RESPONSE_TIMEOUT_MS } from './panel/panel-client.js';
import { MAX_BANDWIDTH_MBPS, type ProductConfig } from './product-config.js';

/** Mbit/s, 0 = unlimited, at most the panel's maximum. */
const mbps = z
  .number({ error: 'must be a number of Mbit/s' })
  .int('must be a whole number of Mbit/s')
  .min(0, 'must be 0 (unlimited) or more')
  .max(MAX_BANDWIDTH_MBPS, `must be at most ${MAX_BANDWIDTH_MBPS} Mbit/s`);

const bandwidth = (product: ProductRecord) => (product.config as ProductConfig).bandwidth;

/** The speed options of a service; an option set beats the product's cap, 0 included. */
export const SERVICE_OPTIONS: readonly ServiceOptionSpec[] = [
  { name: 'b_download', label: 'Download cap (Mbit/s)', input: 'number', hint: '0 = unlimited.', schema: mbps, productDefault: (p) => bandwidth(p).download_mbps, tierValue: (t) => t.downloadMbps },
  { name: 'b_upload', label: 'Upload cap (Mbit/s)', input: 'number', hint: '0 = unlimited.', schema: mbps, productDefault: (p) => bandwidth(p).upload_mbps, tierValue: (t) => t.uploadMbps },
];

/** A panel server: reached at its API port (8098 over HTTP, as the original's 1.1 fixed; 443 over HTTPS). */
export const SERVER_SETTINGS: ServerSettingsSpec = {
  defaultPort: (secure) => (secure ? 443 : DEFAULT_PANEL_PORT),
  defaultTimeouts: { connectMs: DEFAULT_CONNECT_TIMEOUT_MS, responseMs: DEFAULT_RESPONSE_TIMEOUT_MS },
  schema: z.strictObject({}),
  defaults: () => ({}),
  fields: [],
};

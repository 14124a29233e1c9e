/**
 * The quota tests' additions to the billing world: products with a quota, the client as the fake panel
 * holds it, the quota mails in the outbox and the history of a service.
 */
import { defaultProductConfig, type ProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { buildProduct } from '../../support/factories.js';
import type { BillingWorld } from '../billing/billing-world.js';

export const GB = 1_000_000_000;

/** A product of the world's group with this quota (others as the defaults: 10 GB, total, throttle to 1, warn at 80). */
export async function quotaProduct(w: BillingWorld, quota: Partial<ProductConfig['quota']> = {}, bandwidth = { download_mbps: 100, upload_mbps: 50 }): Promise<number> {
  const config = { ...defaultProductConfig(), bandwidth, quota: { ...defaultProductConfig().quota, monthly_gb: 10, ...quota } };
  return (await buildProduct(w.t.c, w.groupId, config)).id;
}

/** The client on panel `panel` as its caps and status stand. */
export function panelClient(w: BillingWorld, name: string, panel = 0) {
  const c = w.panels[panel].state.clients.get(name);
  return c ? { status: c.status, down: c.b_download, up: c.b_upload } : null;
}

/** The quota mails of a service, oldest first. */
export async function quotaMails(w: BillingWorld, serviceId: number): Promise<string[]> {
  return (await w.t.c.db('mail_outbox').where({ service_id: serviceId }).whereIn('kind', ['quota_warning', 'quota_reached']).orderBy('id')).map((r) => r.kind as string);
}

/** The kinds of a service's quota history, oldest first. */
export async function quotaHistory(w: BillingWorld, serviceId: number): Promise<string[]> {
  return (await w.t.c.db('quota_events').where({ service_id: serviceId }).orderBy('id')).map((r) => r.kind as string);
}

/** Runs the enforcement through the API. */
export const enforce = (w: BillingWorld, body: object = {}) => w.api('post', '/api/admin/quota/enforce').send(body);

/**
 * The demo's data, created through the same commands an admin's clicks run: groups, servers, a
 * metered product wired to both panels, customers, and services provisioned by the real lifecycle.
 */
import type { Container } from '../server/container.js';
import { dayInZone, daysOfMonth, parseDate, periodString, previousMonth } from '../server/domain/billing/billing-calendar.js';
import { generateInvoicesNow } from '../server/domain/billing/run-invoice-generation.js';
import { collectUsageNow } from '../server/domain/billing/run-usage-collection.js';
import { createProduct } from '../server/domain/catalogue/products.js';
import { setProductPricing, setSpeedTiers } from '../server/domain/billing/product-plans.js';
import { createServerGroup } from '../server/domain/catalogue/server-groups.js';
import { createServer } from '../server/domain/catalogue/servers.js';
import { createPendingService } from '../server/domain/services/create-pending-service.js';
import { runLifecycleAction } from '../server/domain/services/run-lifecycle-action.js';
import { createClient, ensureAdmin } from '../server/domain/users/create-user.js';
import { saveCompanyProfile } from '../server/domain/settings/save-company-profile.js';
import type { FakePanel } from '../plugins/puqvpncp/fake/fake-panel.js';
import { reconcileNow } from '../server/domain/reconcile/run-reconciliation.js';
import { defaultProductConfig } from '../plugins/puqvpncp/server/product-config.js';
import { enforceQuotasNow } from '../server/domain/quota/run-quota-enforcement.js';

export const DEMO_LOGINS = {
  admin: { email: 'admin@demo.test', password: 'demo-admin-password' },
  customers: [
    { email: 'alice@demo.test', password: 'demo-alice-password', name: 'Alice Example' },
    { email: 'bob@demo.test', password: 'demo-bob-password', name: 'Bob Example' },
  ],
};

/** Days of traffic history the demo's clients get. */
export const DEMO_HISTORY_DAYS = 60;

/**
 * Seeds the demo installation; returns lines describing what was made.
 * @param panels the fake panels, already started
 */
export async function seedDemo(c: Container, input: { panels: { name: string; url: string; token: string; panel: FakePanel }[] }): Promise<string[]> {
  await ensureAdmin(c.deps, { ...DEMO_LOGINS.admin, name: 'Demo admin' });
  await saveCompanyProfile(c.deps, { companyName: 'Demo VPN', supportUrl: 'https://example.com/support', supportEmail: 'support@demo.test' }, DEMO_LOGINS.admin.email);
  const group = await createServerGroup(c.deps, { name: 'vpn-eu' });
  const servers = [];
  for (const p of input.panels) {
    const url = new URL(p.url);
    servers.push(await createServer(c.deps, { name: p.name, hostname: url.hostname, port: Number(url.port), server_group_id: group.id, api_token: p.token }));
  }
  const config = {
    ...defaultProductConfig(),
    bandwidth: { download_mbps: 100, upload_mbps: 50 },
    instruction_url: 'https://example.com/how-to-connect',
    // the seeded services' welcome emails arrive in the demo's inbox
    welcome_email: true,
    networks: [
      { server_id: servers[0].id, network: 'fra-1' },
      { server_id: servers[1].id, network: 'waw-1' },
    ],
    metrics: {
      download: { enabled: true, price_per_gb: '0.05', included_gb: 10 },
      upload: { enabled: true, price_per_gb: '0.02', included_gb: 0 },
    },
    // a monthly allowance the seeded traffic comes close to, so the quota bars and states have something to show
    quota: { monthly_gb: 60, counts: 'total' as const, action: 'throttle' as const, throttle_mbps: 5, warn_percent: 50 },
  };
  const product = await createProduct(c.deps, { name: 'VPN — 100 Mbit/s, metered', server_group_id: group.id, module: 'puqvpncp', config });
  // a monthly price and speed tiers the customers may change on their service page
  await setProductPricing(c.deps, product.id, { monthly_price: '5.00', setup_fee: '2.00' });
  await setSpeedTiers(c.deps, product.id, {
    customer_can_change: true,
    tiers: [
      { code: 't50', name: '50 Mbit/s', download_mbps: 50, upload_mbps: 50, monthly_price: '0' },
      { code: 't100', name: '100 Mbit/s', download_mbps: 100, upload_mbps: 100, monthly_price: '2.00' },
      { code: 't500', name: '500 Mbit/s', download_mbps: 500, upload_mbps: 250, monthly_price: '6.00' },
    ],
  });
  const lines: string[] = [`product "${product.name}" on ${servers.map((s) => s.name).join(' and ')}`];
  const historyStart = new Date(c.clock().getTime() - DEMO_HISTORY_DAYS * 86_400_000);
  for (const [i, customer] of DEMO_LOGINS.customers.entries()) {
    const user = await createClient(c.deps, customer);
    for (let n = 0; n < 2 - i; n++) {
      const service = await createPendingService(c.deps, { client_id: user.id, product_id: product.id, options: n === 1 ? { b_download: 0, b_upload: 0 } : undefined });
      const active = await runLifecycleAction(c.lifecycleDeps, service.id, 'create');
      // the fake generates deterministic daily traffic from a client's creation date onwards
      for (const p of input.panels) if (active.username && p.panel.state.clients.has(active.username)) p.panel.setCreatedAt(active.username, historyStart);
      lines.push(`service #${active.id} of ${customer.email}: ${active.status} as ${active.username} (${active.dedicatedIp})`);
    }
  }
  lines.push(...(await billDemo(c)));
  // a client made by hand on the first panel, which no service bills: what reconciliation is for
  input.panels[0]?.panel.seedClient({ name: 'made-by-hand' });
  const reconciled = await reconcileNow(c.reconcile);
  lines.push(`reconciliation: ${reconciled.findings.length} difference(s) between the panels and the portal (see /admin/reconcile)`);
  return lines;
}

/** Pulls last month's and this month's traffic through the real collector and invoices last month. */
async function billDemo(c: Container): Promise<string[]> {
  const deps = c.billing;
  const today = dayInZone(c.clock(), c.config.billingTz);
  const last = previousMonth(parseDate(today));
  const lastDay = daysOfMonth(last.year, last.month).at(-1) as string;
  const before = await collectUsageNow(deps, { date: lastDay });
  const now = await collectUsageNow(deps, { date: today });
  const invoices = await generateInvoicesNow(deps, { period: periodString(last) });
  const quotas = await enforceQuotasNow(deps, { date: today });
  return [
    `usage pulled: ${before.days + now.days} service-days up to ${today}`,
    `invoices for ${periodString(last)}: ${invoices.invoices.length} (see /admin/billing)`,
    `traffic quotas (60 GB a month): ${quotas.warned} warned, ${quotas.limited} limited (see /admin/services?quota=any)`,
  ];
}

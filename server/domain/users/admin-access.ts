/**
 * What each admin role may reach (the admin pages, the plugins' admin pages and the JSON API alike):
 * an owner everything; support the customers, their services and lifecycle, and the invoices to read.
 * Every area of the admin side names its rule here; an area without one is owner-only, and the test of
 * the routes fails until it is given one, so a new route is never open to support by accident.
 */
import type { AdminRole } from '../types.js';

/** What support may do in an area: everything, only read (GET/HEAD), or nothing. */
export type SupportAccess = 'all' | 'read' | 'none';

/** The rule of each area, by the path below /admin, /admin/plugins/<id> or /api/admin (longest prefix wins). */
export const SUPPORT_ACCESS: Readonly<Record<string, SupportAccess>> = {
  '': 'read',
  account: 'all',
  clients: 'all',
  services: 'all',
  invoices: 'read',
  // the invoices' list lives on the billing page; its runs (POST) stay the owners'
  billing: 'read',
  products: 'read',
  'client-name-preview.json': 'read',
  outbox: 'read',
  usage: 'read',
  servers: 'none',
  'server-groups': 'none',
  settings: 'none',
  admins: 'none',
  tokens: 'none',
  audit: 'none',
  webhooks: 'none',
  reconcile: 'none',
  quota: 'none',
};

/** The area path of a request below its admin prefix ("" for the dashboard). */
export function adminArea(path: string): string {
  return path
    .split('?')[0]
    .replace(/^\/api\/admin(?=\/|$)/, '')
    .replace(/^\/admin\/plugins\/[^/]+(?=\/|$)/, '')
    .replace(/^\/admin(?=\/|$)/, '')
    .replace(/^\/+|\/+$/g, '');
}

/** The rule that governs an area path, or null when none does ("" is the dashboard alone). */
export function supportRule(area: string): SupportAccess | null {
  if (area === '') return SUPPORT_ACCESS[''];
  const parts = area.split('/');
  for (let n = parts.length; n >= 1; n--) {
    const prefix = parts.slice(0, n).join('/');
    if (Object.hasOwn(SUPPORT_ACCESS, prefix)) return SUPPORT_ACCESS[prefix];
  }
  return null;
}

/** Whether a role may send this method to this path. */
export function adminMayAccess(role: AdminRole, method: string, path: string): boolean {
  if (role === 'owner') return true;
  const rule = supportRule(adminArea(path)) ?? 'none';
  return rule === 'all' || (rule === 'read' && (method === 'GET' || method === 'HEAD'));
}

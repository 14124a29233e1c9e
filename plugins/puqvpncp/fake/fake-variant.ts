/**
 * The fake panel's "v1" shapes: every variant of shared/docs/panel-api.md "What a real panel may send
 * instead", applied to the answers of the adopted shapes. Numbers become strings, status words change
 * case, booleans become 1/"on"/"true", IPv4s carry a prefix, the network moves under `network`, wrapped
 * texts come bare, QR codes lose their data-URL prefix, empty lists become null, the network list becomes
 * an object keyed by name, DELETE answers vary, refusals come without a telling status code, and every
 * object gains keys nobody asked for.
 */
import type { FakeRouteKey } from './fake-route-key.js';

/** Which shapes a fake panel speaks. */
export type FakeVariant = 'adopted' | 'v1';

const EXTRA = { id: 7, created_at: '2025-01-01 00:00:00', _links: { self: '/api/v1' } };
const FLAG_FORMS = [1, 'on', 'true', true] as const;
const DELETE_FORMS = ['success', {}, null, undefined] as const;

type Wire = Record<string, unknown>;

function flag(on: unknown, i: number): unknown {
  return on ? FLAG_FORMS[i % FLAG_FORMS.length] : [0, 'off', 'false', false][i % 4];
}

function client(c: Wire): Wire {
  return {
    ...EXTRA,
    name: c.name,
    network: c.network_name,
    ipv4: `${String(c.ipv4)}/32`,
    ipv6: null,
    username: c.username,
    password: c.password,
    status: c.status === 'enable' ? 'Enable' : 'DISABLE',
    bandwidth_download: String(c.b_download),
    bandwidth_upload: String(c.b_upload),
  };
}

function network(n: Wire, i: number): Wire {
  return {
    ...EXTRA,
    description: n.description,
    subnet: n.subnet,
    wireguard: flag(n.wireguard, i),
    amneziawg: flag(n.amneziawg, i + 1),
    openvpn: flag(n.openvpn, i + 2),
    ikev2: flag(n.ikev2, i + 3),
    bandwidth_download: String(n.bandwidth_download),
    bandwidth_upload: String(n.bandwidth_upload),
  };
}

const rawBase64 = (qr: unknown) => String(qr).replace(/^data:image\/png;base64,/, '');

/**
 * The v1 form of one answer's `data`.
 * @param route the matched route
 * @param data the adopted `data`
 * @param call a counter, so DELETE and flags cycle through their forms
 * @returns the new `data`; `undefined` leaves `data` out of the envelope
 */
export function v1Data(route: FakeRouteKey, data: unknown, call: number): unknown {
  const d = data as Wire;
  switch (route) {
    case 'GET /system/status':
      return { ...EXTRA, version: d.version, count_accounts: String(d.count_accounts), count_accounts_available: String(d.count_accounts_available), status: d.status === 'running' ? 'OK' : d.status };
    case 'GET /license':
      return { ...EXTRA, key: d.key, valid: flag(d.valid, call), accounts: String(d.accounts), expiration_date: `${String(d.expiration_date)}T23:59:59Z` };
    case 'GET /network':
      return Object.fromEntries((data as Wire[]).map((n, i) => [n.name, network(n, i)]));
    case 'GET /network/:name':
      return { name: d.name, ...network(d, call) };
    case 'GET /network/:name/available_ip': {
      const ips = data as string[];
      return ips.length === 0 ? null : ips.map((ip) => `${ip}/32`);
    }
    case 'GET /client': {
      // v1 keys its lists by name; a paged answer keeps its paging keys
      if (!Array.isArray(data)) return { ...d, items: (d.items as Wire[]).map((c) => ('name' in c ? client(c) : c)) };
      const rows = data as Wire[];
      if (rows.length === 0) return null;
      return Object.fromEntries(rows.map((c, i) => ('name' in c ? [String(c.name), client(c)] : [`odd-${i}`, { ...c, name: null }])));
    }
    case 'POST /client':
    case 'PUT /client/:name':
    case 'GET /client/:name':
      return client(d);
    case 'DELETE /client/:name':
      return DELETE_FORMS[call % DELETE_FORMS.length];
    case 'GET /client/online': {
      const rows = data as Wire[];
      if (rows.length === 0) return null;
      return rows.map((r) => ({ ...EXTRA, ...r, protocol: String(r.protocol).toUpperCase(), ip: `${String(r.ip)}/32`, transfer_rx: String(r.transfer_rx), transfer_tx: String(r.transfer_tx) }));
    }
    case 'GET /client/:name/config/text':
    case 'GET /client/:name/amneziawg/config':
      return d.config;
    case 'GET /client/:name/config/qr':
    case 'GET /client/:name/amneziawg/qr':
      return rawBase64(d.qr);
    case 'GET /client/:name/openvpn/profile':
      return d.profile;
    case 'GET /client/:name/ikev2/profile':
      return JSON.stringify(d.profile);
    case 'POST /client/:name/otl':
      return d.url;
    case 'GET /client/:name/traffic/:year/:month': {
      const rows = data as Wire[];
      if (rows.length === 0) return null;
      return rows.map((r) => ({ ...EXTRA, date: r.date, traffic_download: String(r.traffic_download), traffic_upload: String(r.traffic_upload) }));
    }
    default:
      return data;
  }
}

/** v2 publishes no status codes: a v1-shaped panel says "taken" and "not found" with a plain 400. */
export function v1ErrorStatus(status: number): number {
  return status === 404 || status === 409 ? 400 : status;
}

/**
 * The fake panel's routes: endpoints 1–19 of shared/docs/panel-api.md plus the unauthenticated
 * openapi.json and the one-time-link download. A handler returns the envelope's `data` or a RawReply,
 * and refuses by throwing FakeHttpError.
 */
import { randomBytes } from 'node:crypto';
import type { VpnProtocol } from '../server/panel/panel-types.js';
import { fakeOpenapi } from './fake-openapi.js';
import { clientListData, type FakeClientListSettings } from './fake-client-list.js';
import { clientToWire, FakeHttpError, type FakeClient, type FakePanelState } from './fake-panel-state.js';
import type { FakeRouteKey } from './fake-route-key.js';
import type { FakeVariant } from './fake-variant.js';
import { amneziawgConfig, ikev2Profile, openvpnProfile, wireguardConfig, type VpnEndpoint } from './fake-vpn-files.js';

/** An answer outside the JSON envelope (openapi.json, a one-time-link download). */
export class RawReply {
  constructor(
    readonly body: string,
    readonly contentType: string,
  ) {}
}

/** What a handler sees. */
export interface RouteContext {
  state: FakePanelState;
  params: Record<string, string>;
  body: unknown;
  /** http://127.0.0.1:PORT */
  origin: string;
  version: string;
  variant: FakeVariant;
  /** the request's query string */
  query: URLSearchParams;
  /** how the client list is answered */
  clientList: FakeClientListSettings;
}

interface Route {
  key: Exclude<FakeRouteKey, '*'>;
  auth: boolean;
  handle(ctx: RouteContext): unknown;
}

const PROTOCOL_NAMES: Record<VpnProtocol, string> = { wireguard: 'WireGuard', amneziawg: 'AmneziaWG', openvpn: 'OpenVPN', ikev2: 'IKEv2' };

// A config is only offered on a network that has the protocol, as on the panel.
function withProtocol(ctx: RouteContext, protocol: VpnProtocol): { client: FakeClient; at: VpnEndpoint } {
  const client = ctx.state.client(ctx.params.name ?? '');
  if (!ctx.state.network(client.network_name).wire[protocol]) {
    throw new FakeHttpError(422, `${PROTOCOL_NAMES[protocol]} is not enabled in network ${client.network_name}`);
  }
  return { client, at: { host: '127.0.0.1', serverPublicKey: ctx.state.serverKeys.publicKey } };
}

function wgText(ctx: RouteContext): string {
  const { client, at } = withProtocol(ctx, 'wireguard');
  return wireguardConfig(client, at);
}

function awgText(ctx: RouteContext): string {
  const { client, at } = withProtocol(ctx, 'amneziawg');
  return amneziawgConfig(client, at);
}

function qrOf(ctx: RouteContext, kind: string, text: string): Promise<string> {
  return ctx.state.qr(ctx.params.name ?? '', kind, text);
}

function parseMonth(ctx: RouteContext): { year: number; month: number } {
  const year = Number(ctx.params.year);
  const month = Number(ctx.params.month);
  // The panel takes 1–12 with or without a leading zero.
  if (!/^\d{4}$/.test(ctx.params.year ?? '') || !/^\d{1,2}$/.test(ctx.params.month ?? '') || month < 1 || month > 12) {
    throw new FakeHttpError(422, 'Wrong date', { month: 'must be 1-12', year: 'must be YYYY' });
  }
  return { year, month };
}

const ROUTES: Route[] = [
  { key: 'GET /openapi.json', auth: false, handle: (ctx) => new RawReply(JSON.stringify(fakeOpenapi(ctx.version, ctx.variant)), 'application/json') },
  { key: 'GET /system/status', auth: true, handle: (ctx) => ctx.state.status() },
  { key: 'GET /license', auth: true, handle: (ctx) => ctx.state.license() },
  { key: 'GET /network', auth: true, handle: (ctx) => [...ctx.state.networks.values()].map((n) => n.wire) },
  { key: 'GET /network/:name', auth: true, handle: (ctx) => ctx.state.network(ctx.params.name ?? '').wire },
  { key: 'GET /network/:name/available_ip', auth: true, handle: (ctx) => ctx.state.network(ctx.params.name ?? '').free() },
  { key: 'GET /client', auth: true, handle: (ctx) => clientListData(ctx.state, ctx.clientList, ctx.query) },
  { key: 'POST /client', auth: true, handle: (ctx) => clientToWire(ctx.state.createClient(ctx.body)) },
  { key: 'GET /client/online', auth: true, handle: (ctx) => ctx.state.online() },
  { key: 'PUT /client/:name', auth: true, handle: (ctx) => clientToWire(ctx.state.updateClient(ctx.params.name ?? '', ctx.body)) },
  { key: 'DELETE /client/:name', auth: true, handle: (ctx) => (ctx.state.deleteClient(ctx.params.name ?? ''), null) },
  { key: 'GET /client/:name', auth: true, handle: (ctx) => clientToWire(ctx.state.client(ctx.params.name ?? '')) },
  { key: 'GET /client/:name/config/text', auth: true, handle: (ctx) => ({ config: wgText(ctx) }) },
  { key: 'GET /client/:name/config/qr', auth: true, handle: async (ctx) => ({ qr: await qrOf(ctx, 'wg', wgText(ctx)) }) },
  {
    key: 'GET /client/:name/openvpn/profile',
    auth: true,
    handle: (ctx) => {
      const { client, at } = withProtocol(ctx, 'openvpn');
      return { profile: openvpnProfile(client, at) };
    },
  },
  {
    key: 'GET /client/:name/ikev2/profile',
    auth: true,
    handle: (ctx) => {
      const { client, at } = withProtocol(ctx, 'ikev2');
      return { profile: ikev2Profile(client, at) };
    },
  },
  { key: 'GET /client/:name/amneziawg/config', auth: true, handle: (ctx) => ({ config: awgText(ctx) }) },
  { key: 'GET /client/:name/amneziawg/qr', auth: true, handle: async (ctx) => ({ qr: await qrOf(ctx, 'awg', awgText(ctx)) }) },
  {
    key: 'POST /client/:name/otl',
    auth: true,
    handle: (ctx) => {
      const client = ctx.state.client(ctx.params.name ?? '');
      const token = randomBytes(16).toString('hex');
      ctx.state.otls.set(token, client.name);
      return { url: `${ctx.origin}/otl/${token}` };
    },
  },
  {
    key: 'GET /client/:name/traffic/:year/:month',
    auth: true,
    handle: (ctx) => {
      const { year, month } = parseMonth(ctx);
      return ctx.state.traffic(ctx.params.name ?? '', year, month);
    },
  },
  {
    key: 'GET /otl/:token',
    auth: false,
    handle: (ctx) => {
      // One use only: the link is burnt by the first download.
      const owner = ctx.state.otls.get(ctx.params.token ?? '');
      if (owner === undefined) throw new FakeHttpError(404, 'Link not found or already used');
      ctx.state.otls.delete(ctx.params.token ?? '');
      const client = ctx.state.client(owner);
      const at = { host: '127.0.0.1', serverPublicKey: ctx.state.serverKeys.publicKey };
      return new RawReply(wireguardConfig(client, at), 'text/plain; charset=utf-8');
    },
  },
];

const API_PREFIX = '/api/v1';
const OUTSIDE_API = new Set<FakeRouteKey>(['GET /otl/:token']);

const COMPILED = ROUTES.map((route) => {
  const [method, pattern] = route.key.split(' ') as [string, string];
  const names: string[] = [];
  const source = pattern.replace(/:([a-z]+)/g, (_, name: string) => (names.push(name), '([^/]+)'));
  const prefix = OUTSIDE_API.has(route.key) ? '' : API_PREFIX;
  return { route, method, names, regex: new RegExp(`^${prefix}${source}$`) };
});

/**
 * Finds the route for a request; `/client/online` wins over `/client/:name` by coming first.
 * @param method HTTP method
 * @param pathname the full URL path, e.g. /api/v1/client/alice
 * @returns the route and its decoded parameters, or null
 */
export function matchRoute(method: string, pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const { route, method: m, names, regex } of COMPILED) {
    const found = m === method ? regex.exec(pathname) : null;
    if (!found) continue;
    try {
      return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')])) };
    } catch {
      // A malformed %-escape is no route at all, as on a real server.
      return null;
    }
  }
  return null;
}

/**
 * The path as recorded and as fault keys read it: below /api/v1 for API calls, whole otherwise.
 * @param pathname the full URL path
 * @returns e.g. /client/alice
 */
export function apiRelative(pathname: string): string {
  return pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : pathname;
}

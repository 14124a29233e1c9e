/**
 * A fake puqVPNcp panel: a real node:http server on 127.0.0.1 speaking shared/docs/panel-api.md, with
 * licence slots, networks, clients, sessions and traffic, plus fault injection for tests and demos.
 * Shipped in the plugin (not under test/) so the demo can run against it too.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ServerRecord } from '../../../server/plugins/plugin-api.js';
import { defaultClientListSettings, requestedPage, type ClientListPageFault, type FakeClientListSettings } from './fake-client-list.js';
import { FaultBook, type AfterApply } from './fake-faults.js';
import { flood, type FloodOutcome } from './fake-flood.js';
import { errorEnvelope, parseRequestBody, readBody, sendJson, sendText } from './fake-http.js';
import { FakeListener } from './fake-listener.js';
import { DEFAULT_FAKE_NETWORKS, type FakeNetworkSpec } from './fake-network.js';
import { fakeOpenapi } from './fake-openapi.js';
import { apiRelative, matchRoute, RawReply } from './fake-panel-routes.js';
import type { FakeRouteKey } from './fake-route-key.js';
import { FakeHttpError, FakePanelState, type FakeClient, type FakeSessionRow } from './fake-panel-state.js';
import { v1Data, v1ErrorStatus, type FakeVariant } from './fake-variant.js';

export type { FakeRouteKey } from './fake-route-key.js';
export type { FakeNetworkSpec } from './fake-network.js';
export type { FakeClient } from './fake-panel-state.js';
export type { FakeVariant } from './fake-variant.js';

/** The token a fake panel accepts unless told otherwise. */
export const FAKE_PANEL_TOKEN = 'fake-panel-token-5c1e0b7a';

/** How to build a fake panel; every field has a default. */
export interface FakePanelOptions {
  token?: string;
  version?: string;
  /** `used` counts accounts no fake client stands for; default 0 of 50 */
  slots?: { used?: number; total: number };
  networks?: FakeNetworkSpec[];
  trafficSeed?: string;
  /** added to every answer */
  latencyMs?: number;
  /** the fake's "now" (traffic days, handshakes); defaults to the wall clock */
  clock?: () => Date;
  /** PEM key and certificate: serve HTTPS instead of HTTP */
  tls?: { key: string; cert: string };
  /** which answer shapes it speaks (default 'adopted'); setVariant() switches at runtime */
  variant?: FakeVariant;
}

/** One request as it arrived; `path` is below /api/v1 for API calls. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** A fake panel server with state you can inspect and faults you can inject. */
export class FakePanel {
  readonly requests: RecordedRequest[] = [];
  /** how each flood() answer went: bytes written before the reader hung up, or all of them */
  readonly floods: FloodOutcome[] = [];
  private current: FakePanelState;
  private clientList: FakeClientListSettings = defaultClientListSettings();
  private readonly faults = new FaultBook();
  private readonly listener: FakeListener;
  private currentVariant: FakeVariant;
  private calls = 0;
  /** the API description served at /openapi.json; undefined = its own, null = none (404) */
  private published: object | null | undefined;

  /** Builds the panel; nothing listens until start(). */
  constructor(private readonly options: FakePanelOptions = {}) {
    this.current = this.freshState();
    this.currentVariant = options.variant ?? 'adopted';
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((err: unknown) => sendJson(res, 500, errorEnvelope(`fake panel bug: ${String(err)}`)));
    };
    this.listener = new FakeListener(onRequest, options.tls);
  }

  /** The live state, for assertions and direct setup. */
  get state(): FakePanelState {
    return this.current;
  }

  /** The bound port (0 before start()). */
  get port(): number {
    return this.listener.port;
  }

  /** The token the panel accepts. */
  get token(): string {
    return this.options.token ?? FAKE_PANEL_TOKEN;
  }

  /** e.g. http://127.0.0.1:41234, without /api/v1. */
  get origin(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.listener.port}`;
  }

  /** Starts listening on an ephemeral port of 127.0.0.1 and returns the origin. */
  async start(): Promise<string> {
    // After down(), start() comes back on the same port, like up().
    await this.listener.listen(this.listener.port);
    return this.origin;
  }

  /** Stops listening and destroys every connection, hung ones included, so mocha can exit. */
  async stop(): Promise<void> {
    this.listener.cancelAllWaits();
    await this.listener.close();
  }

  /** Back to the initial state: fresh clients and licence, no faults, no recorded requests; up/down and the variant are kept. */
  reset(): void {
    this.current = this.freshState();
    this.faults.clear();
    this.clientList = defaultClientListSettings();
    this.requests.length = 0;
    this.floods.length = 0;
    this.published = undefined;
  }

  /** The answer shapes spoken right now. */
  get variant(): FakeVariant {
    return this.currentVariant;
  }

  /** Switches the answer shapes at once, for the next request on. */
  setVariant(variant: FakeVariant): this {
    this.currentVariant = variant;
    return this;
  }

  /** The API description this panel publishes (its own, for the current variant). */
  openapi(): object {
    return fakeOpenapi(this.version, this.currentVariant);
  }

  /** Serves another API description at /openapi.json (an altered copy), or none at all (null: 404). */
  publishOpenapi(doc: object | null): this {
    this.published = doc;
    return this;
  }

  /** Reports a status word meaning "still starting" (v1: "Loading (…)") until ready() is called. */
  starting(word = 'Loading (3/7)'): this {
    this.current.statusWord = word;
    return this;
  }

  /** Reports itself ready again. */
  ready(): this {
    this.current.statusWord = 'running';
    return this;
  }

  /** Runs without a licence: GET /license answers an error envelope; the free accounts still work. */
  withoutLicence(): this {
    this.current.licensed = false;
    return this;
  }

  /** A server record pointing at this panel, for the portal side of a test. */
  serverRecord(overrides: Partial<ServerRecord> = {}): ServerRecord {
    return {
      id: 1,
      name: 'fake-panel',
      module: 'puqvpncp',
      hostname: '127.0.0.1',
      port: this.listener.port,
      secure: Boolean(this.options.tls),
      allowSelfSigned: false,
      apiToken: this.token,
      serverGroupId: 1,
      enabled: true,
      connectTimeoutMs: null,
      responseTimeoutMs: null,
      settings: {},
      ...overrides,
    };
  }

  /** Recorded requests of one method whose path starts with a prefix (below /api/v1). */
  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && r.path.startsWith(pathPrefix));
  }

  /** Stops accepting connections (callers then get ECONNREFUSED) while keeping the port for up(). */
  async down(): Promise<void> {
    await this.listener.close();
  }

  /** Accepts connections again on the same port. */
  async up(): Promise<void> {
    await this.listener.listen(this.listener.port);
  }

  /** Delays every answer of a route by `ms`, until cleared. */
  slow(route: FakeRouteKey, ms: number): this {
    this.faults.add({ route, kind: 'slow', ms });
    return this;
  }

  /** Answers a route with an error envelope and this HTTP status, `times` times (default: until cleared). */
  status(route: FakeRouteKey, code: number, times?: number): this {
    this.faults.add({ route, kind: 'status', code }, times);
    return this;
  }

  /** Answers a route with an error envelope of this status, message and field reasons (a panel quoting things back). */
  refuse(route: FakeRouteKey, code: number, message: string, errors: Record<string, string> = {}, times?: number): this {
    this.faults.add({ route, kind: 'status', code, message, errors }, times);
    return this;
  }

  /** Answers a route 200 with a body that is not JSON. */
  malformed(route: FakeRouteKey, times?: number): this {
    this.faults.add({ route, kind: 'malformed' }, times);
    return this;
  }

  /** Answers a route 200 with a JSON envelope whose result is not "OK". */
  notOk(route: FakeRouteKey, result = 'ERROR', times?: number): this {
    this.faults.add({ route, kind: 'notOk', result }, times);
    return this;
  }

  /** Never answers a route; the connection stays open until the caller gives up or stop(). */
  hang(route: FakeRouteKey, times?: number): this {
    this.faults.add({ route, kind: 'hang' }, times);
    return this;
  }

  /** Applies the request, then destroys the connection: the lost-answer case. */
  dropAnswerAfterApply(route: FakeRouteKey, times?: number): this {
    this.faults.add({ route, kind: 'drop' }, times);
    return this;
  }

  /**
   * Applies the request, then answers badly: with an error status (`{status}`), never (`hang`), a 200
   * whose data is no client (`garbage`) or a 200 that is not JSON (`malformed`).
   */
  failAfterApply(route: FakeRouteKey, after: AfterApply, times?: number): this {
    this.faults.add({ route, kind: 'afterApply', after }, times);
    return this;
  }

  /** Answers a route with a huge body, streamed as the reader takes it: `rows` traffic rows, or `bytes` of JSON. */
  flood(route: FakeRouteKey, size: { rows?: number; bytes?: number }, times?: number): this {
    this.faults.add({ route, kind: 'flood', ...size }, times);
    return this;
  }

  /** Uses up the licence: every slot counts as taken until a client is deleted. */
  noLicenceSlots(): this {
    this.current.slotsTotal = this.current.usedSlots();
    return this;
  }

  /** Leaves a network without a free address until a client on it is deleted. */
  fillNetwork(name: string): this {
    this.current.network(name).fill();
    return this;
  }

  /** Pages the client list (endpoint 19) at `perPage` clients at most, as `{items, total, page, per_page}`; null: one plain array. */
  pageClients(perPage: number | null): this {
    this.clientList.pageSize = perPage;
    return this;
  }

  /** Sends only the first `count` clients of the list while announcing them all (a panel answering partially). */
  truncateClientList(count: number): this {
    this.clientList.truncateTo = count;
    return this;
  }

  /** Adds rows without a name to the client list's first page. */
  addOddClientRows(count = 1): this {
    this.clientList.oddRows = count;
    return this;
  }

  /** Makes one page of the client list fail: HTTP 500 (`status`), no answer (`hang`) or a dropped connection (`drop`). */
  failClientListPage(page: number, how: ClientListPageFault = 'status'): this {
    this.clientList.pageFaults.set(page, how);
    return this;
  }

  /** Removes every injected fault (down() is undone by up(), not here). */
  clearFaults(): this {
    this.faults.clear();
    this.clientList.pageFaults.clear();
    return this;
  }

  /** Creates a client without HTTP, optionally backdated so it has traffic history. */
  seedClient(input: { name: string; network_name?: string; createdAt?: Date | string }): FakeClient {
    const createdAt = input.createdAt === undefined ? undefined : new Date(input.createdAt);
    return this.current.createClient({ name: input.name, network_name: input.network_name }, createdAt);
  }

  /** Moves a client's creation time, which is where its generated traffic history starts. */
  setCreatedAt(name: string, at: Date | string): this {
    this.current.client(name).createdAt = new Date(at);
    return this;
  }

  /** Replaces a client's online sessions. */
  setOnline(name: string, rows: Partial<FakeSessionRow>[]): this {
    this.current.setOnline(name, rows);
    return this;
  }

  /** Adds rows to every traffic answer of a client as they are (other months, a day twice, odd values). */
  addTrafficRows(name: string, rows: { date: string; traffic_download: number; traffic_upload: number }[]): this {
    this.current.addTrafficRows(name, rows);
    return this;
  }

  /** Pins one day of a client's traffic, in bytes. */
  setTraffic(name: string, day: string, download: number, upload: number): this {
    this.current.setTraffic(name, day, download, upload);
    return this;
  }

  private get version(): string {
    return this.options.version ?? '2.3.0';
  }

  private freshState(): FakePanelState {
    const o = this.options;
    return new FakePanelState({
      version: this.version,
      slots: { used: o.slots?.used ?? 0, total: o.slots?.total ?? 50 },
      networks: o.networks ?? DEFAULT_FAKE_NETWORKS,
      trafficSeed: o.trafficSeed ?? 'fake-panel',
      clock: o.clock ?? (() => new Date()),
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const pathname = url.pathname;
    const body = parseRequestBody(text);
    this.requests.push({ method, path: apiRelative(pathname), body: body.value, headers: { ...req.headers } });
    const match = matchRoute(method, pathname);
    const key = match ? match.route.key : `${method} ${apiRelative(pathname)}`;

    if (this.options.latencyMs) await this.listener.wait(this.options.latencyMs);
    const slow = this.faults.take(key, 'slow');
    if (slow) await this.listener.wait(slow.ms ?? 0);
    if (this.faults.take(key, 'hang')) return;
    const pageFault = key === 'GET /client' ? this.clientList.pageFaults.get(requestedPage(url.searchParams)) : undefined;
    if (pageFault === 'hang') return;
    if (pageFault === 'drop') return void req.socket.destroy();
    if (pageFault === 'status') return sendJson(res, 500, errorEnvelope('Injected failure of this page of the client list'));
    const status = this.faults.take(key, 'status');
    if (status) return sendJson(res, status.code ?? 500, errorEnvelope(status.message ?? `Injected HTTP ${status.code}`, status.errors));
    // A PHP warning in front of the JSON is the classic way a real panel breaks its own protocol.
    if (this.faults.take(key, 'malformed')) {
      return sendText(res, 200, '<br />\n<b>Warning</b>: injected malformed answer {"result":', 'application/json');
    }
    const notOk = this.faults.take(key, 'notOk');
    if (notOk) return sendJson(res, 200, { result: notOk.result, message: 'Injected failure', errors: {} });
    const flooded = this.faults.take(key, 'flood');
    if (flooded) {
      this.floods.push(await flood(res, flooded));
      return;
    }

    if (key === 'GET /openapi.json' && this.published !== undefined) {
      return this.published === null ? sendJson(res, 404, errorEnvelope('Not found')) : sendJson(res, 200, this.published);
    }
    if (!match) return sendJson(res, 404, errorEnvelope('Not found'));
    if (match.route.auth && req.headers.authorization !== `Bearer ${this.token}`) {
      return sendJson(res, 401, errorEnvelope('Unauthenticated: invalid or expired token'));
    }
    if (body.invalid) return sendJson(res, 400, errorEnvelope('The body is not valid JSON'));

    const v1 = this.currentVariant === 'v1';
    let reply: () => void;
    try {
      const ctx = { state: this.current, params: match.params, body: body.value, origin: this.origin, version: this.version, variant: this.currentVariant, query: url.searchParams, clientList: this.clientList };
      const adopted = await match.route.handle(ctx);
      const data = v1 && !(adopted instanceof RawReply) ? v1Data(match.route.key, adopted, this.calls++) : adopted;
      reply =
        data instanceof RawReply
          ? () => sendText(res, 200, data.body, data.contentType)
          : () => sendJson(res, 200, { result: 'OK', message: 'Success', data });
    } catch (err) {
      if (!(err instanceof FakeHttpError)) throw err;
      reply = () => sendJson(res, v1 ? v1ErrorStatus(err.status) : err.status, errorEnvelope(err.message, err.errors));
    }
    if (this.faults.take(key, 'drop')) {
      req.socket.destroy();
      return;
    }
    const after = this.faults.take(key, 'afterApply')?.after;
    if (after === 'hang') return;
    if (after === 'garbage') return sendJson(res, 200, { result: 'OK', message: 'Success', data: ['unexpected'] });
    if (after === 'malformed') return sendText(res, 200, '<html>502 Bad Gateway</html>', 'text/html');
    if (after) return sendJson(res, after.status, errorEnvelope(`Injected HTTP ${after.status} after applying the request`));
    reply();
  }
}

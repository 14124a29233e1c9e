/**
 * One panel call over HTTP: timeouts, retries of idempotent GETs, error classification and one
 * module-log row per HTTP attempt. panel-client.ts is the only user; it owns the endpoint list.
 */
import http, { type ClientRequest } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import superagent from 'superagent';
import type { ZodType } from 'zod';
import type { ModuleLogWriter } from '../../../../server/plugins/plugin-api.js';
import { maskSecrets, maskText } from './mask-secrets.js';
import { interpretAnswer, parseJson } from './panel-answer.js';
import { PanelRejectedError, PanelUnreachableError, type PanelCallSite, type UnreachableKind } from './panel-errors.js';

/** Everything needed to reach one panel, resolved from the server record and the caller's options. */
export interface PanelConnection {
  serverId: number;
  serverName: string;
  /** host:port as dialled, for messages */
  address: string;
  /** e.g. https://vpn.example.com:8098/api/v1 */
  baseUrl: string;
  token: string;
  allowSelfSigned: boolean;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  retryBaseMs: number;
  log?: ModuleLogWriter;
  serviceId: number | null;
}

/** One endpoint call: the schema parses the envelope's `data`. */
export interface PanelCall<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** path below /api/v1, already URL-encoded */
  path: string;
  body?: object;
  schema: ZodType<T>;
  /** a hand-written parse of `data` for hot endpoints; undefined defers to `schema` (see interpretAnswer) */
  fast?: (data: unknown) => T | undefined;
  action: string;
}

/** Retries after the first attempt; only GETs are retried, as only they are safe to repeat. */
export const MAX_GET_RETRIES = 2;
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);
const TRANSIENT_KINDS = new Set<UnreachableKind>(['refused', 'reset', 'timeout']);
const TLS_CODE = /^(CERT_|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|DEPTH_ZERO|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH)/;
const LOGGED_TEXT_CHARS = 500;

// GETs reuse connections: the daily pull and the page polls make thousands of small calls per panel,
// and a GET that meets a connection the panel just closed is retried like any reset. Writes always
// open a fresh connection, so a stale socket can never turn a create or delete into a lost answer.
const KEEP_ALIVE = { keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 30_000 };
const getAgents = { http: new http.Agent(KEEP_ALIVE), https: new https.Agent(KEEP_ALIVE) };

interface Answer {
  status: number;
  text: string;
  location?: string;
}

/**
 * Sends one call, retrying a GET on transient failures, and returns the parsed `data`.
 * @param conn the resolved panel connection
 * @param call the endpoint, body and data schema
 * @returns the `data` payload, validated
 * @throws PanelUnreachableError | PanelAuthError | PanelRejectedError | PanelProtocolError
 */
export async function panelRequest<T>(conn: PanelConnection, call: PanelCall<T>): Promise<T> {
  const site: PanelCallSite = { serverName: conn.serverName, address: conn.address, method: call.method, path: call.path };
  const attempts = call.method === 'GET' ? 1 + MAX_GET_RETRIES : 1;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    let answer: Answer | undefined;
    let value: T | undefined;
    let failure: Error | undefined;
    try {
      answer = await send(conn, call);
      value = interpretAnswer(answer, call.schema, site, (text) => maskText(text, [conn.token]), call.fast);
    } catch (err) {
      failure = answer ? (err as Error) : classify(err, conn, site);
    }
    const retry = failure !== undefined && attempt < attempts && isTransient(failure);
    const note = retry ? `[attempt ${attempt} of ${attempts}; will retry]` : '';
    if (conn.log) await writeLog(conn, call, answer, performance.now() - started, failure, note);
    if (failure === undefined) return value as T;
    if (!retry) throw failure;
    await sleep(backoffMs(conn.retryBaseMs, attempt));
  }
}

function send(conn: PanelConnection, call: PanelCall<unknown>): Promise<Answer> {
  const request = superagent(call.method, conn.baseUrl + call.path)
    .set('Authorization', `Bearer ${conn.token}`)
    .set('Accept', 'application/json')
    // Raw bytes: a non-JSON body must become a protocol error of ours, not a parser exception.
    .responseType('arraybuffer')
    // A redirect could carry the token elsewhere; it is reported instead (usually "use HTTPS").
    .redirects(0)
    .ok(() => true)
    // `response` runs from the start of the attempt (connect included) to the first byte; the deadline
    // also bounds a body that trickles in. The connect phase has its own, usually shorter, guard below.
    .timeout({ response: conn.responseTimeoutMs, deadline: conn.connectTimeoutMs + conn.responseTimeoutMs });
  if (call.method === 'GET') request.agent(conn.baseUrl.startsWith('https:') ? getAgents.https : getAgents.http);
  if (conn.allowSelfSigned) request.disableTLSCerts();
  if (call.body !== undefined) request.send(call.body);
  guardConnect(request, conn.connectTimeoutMs);
  return request.then((res) => ({
    status: res.status,
    text: Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '',
    location: res.headers['location'],
  }));
}

// superagent has no connect timeout: a black-holed host would otherwise hold the call for the whole
// response timeout. The TLS handshake counts as connecting.
function guardConnect(request: superagent.Request, ms: number): void {
  request.once('request', () => {
    (request.req as ClientRequest).once('socket', (socket: Socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        socket.destroy(Object.assign(new Error(`connect timeout of ${ms}ms exceeded`), { code: 'ETIMEDOUT', connectTimeoutMs: ms }));
      }, ms);
      socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
  });
}

function classify(err: unknown, conn: PanelConnection, site: PanelCallSite): PanelUnreachableError {
  const e = (err ?? {}) as { code?: unknown; errno?: unknown; timeout?: unknown; connectTimeoutMs?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const unreachable = (kind: UnreachableKind, detail: string) => new PanelUnreachableError(kind, site, detail, { cause: err });
  if (typeof e.connectTimeoutMs === 'number') return unreachable('timeout', `could not connect within ${e.connectTimeoutMs} ms`);
  if (e.errno === 'ETIME') {
    return unreachable('timeout', `the answer was not complete within ${conn.connectTimeoutMs + conn.responseTimeoutMs} ms`);
  }
  if (typeof e.timeout === 'number' || code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    return unreachable('timeout', `no answer within ${conn.responseTimeoutMs} ms`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return unreachable('dns', `the hostname does not resolve (${code})`);
  if (code === 'ECONNREFUSED') return unreachable('refused', 'the connection was refused (ECONNREFUSED)');
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return unreachable('reset', `the connection was closed before the answer arrived (${code})`);
  }
  if (TLS_CODE.test(code)) return unreachable('tls', `the TLS connection failed (${code})`);
  const what = code || (typeof e.message === 'string' ? maskText(e.message, [conn.token]) : 'unknown error');
  return unreachable('network', `network error (${what})`);
}

function isTransient(failure: Error): boolean {
  if (failure instanceof PanelUnreachableError) return TRANSIENT_KINDS.has(failure.kind);
  return failure instanceof PanelRejectedError && TRANSIENT_STATUSES.has(failure.httpStatus);
}

// Exponential with "equal jitter": half fixed, half random, so parallel callers spread out.
function backoffMs(baseMs: number, attempt: number): number {
  const ceiling = baseMs * 2 ** (attempt - 1);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

async function writeLog(
  conn: PanelConnection,
  call: PanelCall<unknown>,
  answer: Answer | undefined,
  durationMs: number,
  failure: Error | undefined,
  note: string,
): Promise<void> {
  if (!conn.log) return;
  const literals = [conn.token];
  const parsed = answer ? parseJson(answer.text) : undefined;
  const response = answer === undefined ? null : parsed === undefined ? answer.text.slice(0, LOGGED_TEXT_CHARS) : parsed;
  const error = failure ? [failure.message, note].filter(Boolean).join(' ') : null;
  try {
    await conn.log({
      serviceId: conn.serviceId,
      serverId: conn.serverId,
      action: call.action,
      method: call.method,
      path: call.path,
      request: call.body === undefined ? null : maskSecrets(call.body, { literals }),
      response: maskSecrets(response, { literals }),
      httpStatus: answer?.status ?? null,
      durationMs: Math.round(durationMs),
      error: error === null ? null : maskText(error, literals),
    });
  } catch {
    // The log is evidence, not the business: a broken log store must not fail or repeat a panel call.
  }
}

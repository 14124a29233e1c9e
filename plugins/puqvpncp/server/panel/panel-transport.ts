/**
 * One panel call over HTTP: timeouts inside the action's time budget, retries of idempotent GETs only
 * when another attempt still fits, a size limit enforced while the answer is read, error classification
 * and one module-log row per HTTP attempt. panel-client.ts is the only user; it owns the endpoint list.
 */
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import superagent from 'superagent';
import type { ModuleLogWriter, RemoteCallMetrics } from '../../../../server/plugins/plugin-api.js';
import { sizeText, type AnswerKind, type AnswerLimits } from './answer-limits.js';
import { collectSecrets, maskSecrets, maskText } from './mask-secrets.js';
import { interpretAnswer, parseJson, type DataReader } from './panel-answer.js';
import { PanelProtocolError, PanelRejectedError, PanelUnreachableError, type PanelCallSite, type UnreachableKind } from './panel-errors.js';
import { durationText, type TimeBudget } from './time-budget.js';

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
  /** false: only failed attempts reach the log (pages polled every few seconds) */
  logSuccess: boolean;
  serviceId: number | null;
  /** the action's time budget; without one each attempt has only its own timeouts */
  budget?: TimeBudget;
  limits: AnswerLimits;
  /**
   * further values to blank in every logged or shown text: those the caller knows (the service's VPN
   * password) and those earlier answers of this client carried (a new client's password, its keys)
   */
  secrets: Set<string>;
  /** told of every attempt: server, kind (the action), seconds, success */
  observe?: RemoteCallMetrics['remoteCall'];
}

/** One endpoint call: `read` turns the envelope's `data` into the endpoint's value. */
export interface PanelCall<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** path below /api/v1, already URL-encoded */
  path: string;
  body?: object;
  read: DataReader<T>;
  /** which answer-size limit applies */
  kind: AnswerKind;
  action: string;
  /** false: the answer is a plain JSON document, not the panel's envelope (openapi.json) */
  envelope?: boolean;
}

/** Retries after the first attempt; only GETs are retried, as only they are safe to repeat. */
export const MAX_GET_RETRIES = 2;
/** A retry is attempted only when at least this much of the budget is left after its back-off. */
export const MIN_RETRY_WINDOW_MS = 1000;
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
  /** the body parsed as JSON once, for every reader of it; undefined when it is not JSON */
  json: unknown;
  location?: string;
}

/** One attempt's timeouts, cut to what the budget has left. */
interface AttemptTiming {
  connectMs: number;
  responseMs: number;
  /** the whole attempt, body included */
  deadlineMs: number;
  limit: number;
  /** the HTTP status once the head of the answer arrived, for an answer cut at its limit */
  status?: number;
  /** the answer announced more bytes than its limit, so it was abandoned unread */
  oversized?: boolean;
}

/**
 * Sends one call, retrying a GET on transient failures while another attempt fits in the budget, and
 * returns the endpoint's value.
 * @param conn the resolved panel connection
 * @param call the endpoint, body and reader
 * @returns the value read from `data`
 * @throws PanelUnreachableError | PanelAuthError | PanelRejectedError | PanelProtocolError
 */
export async function panelRequest<T>(conn: PanelConnection, call: PanelCall<T>): Promise<T> {
  const site: PanelCallSite = { serverName: conn.serverName, address: conn.address, method: call.method, path: call.path };
  const attempts = call.method === 'GET' ? 1 + MAX_GET_RETRIES : 1;
  const scrub = (text: string) => maskText(text, literalsOf(conn));
  const first = performance.now();
  for (let attempt = 1; ; attempt++) {
    if (conn.budget?.expired()) throw budgetSpent(conn.budget, site, performance.now() - first, attempt - 1);
    const timing = attemptTiming(conn, call.kind);
    const started = performance.now();
    let answer: Answer | undefined;
    let value: T | undefined;
    let failure: Error | undefined;
    try {
      answer = await send(conn, call, timing);
      // what the call and its answer reveal is masked in this row, in a refusal's text and in later calls;
      // the daily pull logs nothing and its answers carry no secrets, so it skips the walk
      if (conn.log || answer.status >= 300) learnSecrets(conn, call.body, answer.json);
      value = interpretAnswer(answer, call.read, site, scrub, call.envelope ?? true);
    } catch (err) {
      failure = answer ? (err as Error) : classify(err, conn, site, timing, { waitedMs: performance.now() - first, attempt });
    }
    conn.observe?.(conn.serverName, call.action, (performance.now() - started) / 1000, failure === undefined);
    const pause = backoffMs(conn.retryBaseMs, attempt);
    const transient = failure !== undefined && attempt < attempts && isTransient(failure);
    const retry = transient && (!conn.budget || conn.budget.remainingMs() - pause >= Math.min(MIN_RETRY_WINDOW_MS, conn.responseTimeoutMs));
    const note = retry ? `[attempt ${attempt} of ${attempts}; will retry]` : transient ? `[attempt ${attempt} of ${attempts}; no retry: another attempt does not fit in the time left]` : '';
    if (conn.log && (failure !== undefined || conn.logSuccess)) await writeLog(conn, call, answer, performance.now() - started, failure, note, literalsOf(conn));
    if (failure === undefined) return value as T;
    if (!retry) throw failure;
    await sleep(pause);
  }
}

function literalsOf(conn: PanelConnection): string[] {
  return [conn.token, ...conn.secrets];
}

function learnSecrets(conn: PanelConnection, body: unknown, json: unknown): void {
  for (const secret of [...collectSecrets(body), ...collectSecrets(json)]) conn.secrets.add(secret);
}

function attemptTiming(conn: PanelConnection, kind: AnswerKind): AttemptTiming {
  const left = conn.budget ? Math.max(1, Math.floor(conn.budget.remainingMs())) : Infinity;
  return {
    connectMs: Math.min(conn.connectTimeoutMs, left),
    responseMs: Math.min(conn.responseTimeoutMs, left),
    deadlineMs: Math.min(conn.connectTimeoutMs + conn.responseTimeoutMs, left),
    limit: conn.limits[kind],
  };
}

function send(conn: PanelConnection, call: PanelCall<unknown>, timing: AttemptTiming): Promise<Answer> {
  const request = superagent(call.method, conn.baseUrl + call.path)
    .set('Authorization', `Bearer ${conn.token}`)
    .set('Accept', 'application/json')
    // Raw bytes: a non-JSON body must become a protocol error of ours, not a parser exception.
    .responseType('arraybuffer')
    // counted while reading: past it superagent closes the connection (ETOOLARGE)
    .maxResponseSize(timing.limit)
    // A redirect could carry the token elsewhere; it is reported instead (usually "use HTTPS").
    .redirects(0)
    .ok(() => true)
    // `response` runs from the start of the attempt (connect included) to the first byte; the deadline
    // also bounds a body that trickles in, and never outlasts the budget.
    .timeout({ response: timing.responseMs, deadline: timing.deadlineMs });
  if (call.method === 'GET') request.agent(conn.baseUrl.startsWith('https:') ? getAgents.https : getAgents.http);
  if (conn.allowSelfSigned) request.disableTLSCerts();
  if (call.body !== undefined) request.send(call.body);
  guardSocket(request, timing);
  // a budget that runs out (or an action that gave up on this call) aborts it: nothing is left running
  const signal = conn.budget?.signal;
  // a block body: EventTarget treats a returned thenable (the superagent request) as a listener's promise
  const abort = () => {
    request.abort();
  };
  signal?.addEventListener('abort', abort, { once: true });
  return request
    .then((res) => {
      const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '';
      return { status: res.status, text, json: parseJson(text), location: res.headers['location'] };
    })
    .finally(() => signal?.removeEventListener('abort', abort));
}

// superagent has no connect timeout: a black-holed host would otherwise hold the call for the whole
// response timeout (the TLS handshake counts as connecting). An answer that announces more bytes than
// its limit is refused before a byte of it is read.
function guardSocket(request: superagent.Request, timing: AttemptTiming): void {
  request.once('request', () => {
    const req = request.req as ClientRequest;
    req.once('response', (res: IncomingMessage) => {
      timing.status = res.statusCode;
      const length = Number(res.headers['content-length']);
      if (Number.isFinite(length) && length > timing.limit) {
        timing.oversized = true;
        request.abort();
      }
    });
    req.once('socket', (socket: Socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        socket.destroy(Object.assign(new Error(`connect timeout of ${timing.connectMs}ms exceeded`), { code: 'ETIMEDOUT', connectTimeoutMs: timing.connectMs }));
      }, timing.connectMs);
      socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
  });
}

function budgetSpent(budget: TimeBudget, site: PanelCallSite, waitedMs: number, attempts: number): PanelUnreachableError {
  const tries = attempts > 1 ? ` over ${attempts} attempts` : '';
  return new PanelUnreachableError('timeout', site, `no answer within ${durationText(waitedMs)}${tries}, and the ${durationText(budget.totalMs)} time budget of this action is used up`);
}

function classify(err: unknown, conn: PanelConnection, site: PanelCallSite, timing: AttemptTiming, context: { waitedMs: number; attempt: number }): Error {
  const e = (err ?? {}) as { code?: unknown; errno?: unknown; timeout?: unknown; connectTimeoutMs?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const unreachable = (kind: UnreachableKind, detail: string) => new PanelUnreachableError(kind, site, detail, { cause: err });
  const tries = context.attempt > 1 ? ` (${context.attempt} attempts)` : '';
  if (code === 'ETOOLARGE' || timing.oversized) {
    return new PanelProtocolError(site, timing.status ?? 200, `the answer is larger than the ${sizeText(timing.limit)} allowed for this call, so it was not read (the connection was closed; PANEL_ANSWER_LIMITS sets the limits)`);
  }
  if (code === 'ABORTED' && conn.budget?.expired()) return budgetSpent(conn.budget, site, context.waitedMs, context.attempt);
  if (typeof e.connectTimeoutMs === 'number') return unreachable('timeout', `could not connect within ${durationText(e.connectTimeoutMs)}${tries}`);
  if (e.errno === 'ETIME' || typeof e.timeout === 'number' || code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    const budget = conn.budget && conn.budget.remainingMs() < 50 ? `; the ${durationText(conn.budget.totalMs)} time budget of this action is used up` : '';
    return unreachable('timeout', `no answer within ${durationText(context.waitedMs)}${tries}${budget}`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return unreachable('dns', `the hostname does not resolve (${code})`);
  if (code === 'ECONNREFUSED') return unreachable('refused', 'the connection was refused (ECONNREFUSED)');
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return unreachable('reset', `the connection was closed before the answer arrived (${code})`);
  }
  if (TLS_CODE.test(code)) return unreachable('tls', `the TLS connection failed (${code})`);
  const what = code || (typeof e.message === 'string' ? maskText(e.message, literalsOf(conn)) : 'unknown error');
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
  literals: readonly string[],
): Promise<void> {
  if (!conn.log) return;
  const response = answer === undefined ? null : answer.json === undefined ? answer.text.slice(0, LOGGED_TEXT_CHARS) : answer.json;
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

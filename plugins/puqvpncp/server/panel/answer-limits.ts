/**
 * The most a panel may send per kind of answer. A limit is enforced while the answer is read: past it
 * the socket is closed and the call fails, so an oversized answer is an error of that call, never a
 * memory spike, and nothing over 1 MB from a panel ever reaches a customer.
 */
import { ConfigError } from '../../../../server/plugins/plugin-api.js';

/** The kinds of answer, each with its own limit. */
export const ANSWER_KINDS = ['config', 'qr', 'traffic', 'online', 'clients', 'openapi', 'other'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];
export type AnswerLimits = Readonly<Record<AnswerKind, number>>;

const KB = 1024;
const MB = 1024 * KB;

/** Kinds whose content is handed to the customer as it came (config files, QR images). */
const CUSTOMER_FACING: ReadonlySet<AnswerKind> = new Set(['config', 'qr']);
/** Never more than this for what reaches a customer, whatever the configuration says. */
export const CUSTOMER_MAX_BYTES = MB;

/**
 * Defaults: a config or profile is a few KB, a QR PNG some tens of KB, a month of traffic 2.5–6 KB
 * (31 rows, more with a v1 panel's extra keys), the online list about 250 bytes per connected client,
 * a page of the client list about 250 bytes per client (8 MB: a panel that ignores paging and sends
 * 30,000 clients at once), the API description of 240+ endpoints some hundreds of KB; everything else is small. Traffic gets
 * 512 KB rather than 2 MB: the daily pull reads hundreds of these at once, and every byte read up to the
 * limit is garbage to collect (test/bench/panel-flood.bench.ts: with 2 MB a flood of 400 answers kept
 * the event loop's p99 above 50 ms on the development machine, with 512 KB below).
 */
export const DEFAULT_ANSWER_LIMITS: AnswerLimits = Object.freeze({ config: 256 * KB, qr: 512 * KB, traffic: 512 * KB, online: 4 * MB, clients: 8 * MB, openapi: 8 * MB, other: MB });

/**
 * Reads `PANEL_ANSWER_LIMITS`, e.g. "config=256KB,traffic=2MB" (B, KB or MB, 1024-based); kinds not
 * named keep their default.
 * @param text the variable's value; empty = the defaults
 * @returns the limits
 * @throws ConfigError with one line per bad entry, naming the variable
 */
export function parseAnswerLimits(text: string | undefined): AnswerLimits {
  const limits: Record<AnswerKind, number> = { ...DEFAULT_ANSWER_LIMITS };
  const problems: string[] = [];
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const found = /^([a-z]+)\s*=\s*(\d+)\s*(b|kb|mb)?$/i.exec(entry);
    const kind = found?.[1].toLowerCase() as AnswerKind | undefined;
    if (!found || !kind || !ANSWER_KINDS.includes(kind)) {
      problems.push(`PANEL_ANSWER_LIMITS: "${entry}" is not KIND=SIZE with KIND one of ${ANSWER_KINDS.join(', ')} and SIZE like 256KB or 2MB`);
      continue;
    }
    const bytes = Number(found[2]) * ({ b: 1, kb: KB, mb: MB }[(found[3] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb']);
    if (bytes < KB) problems.push(`PANEL_ANSWER_LIMITS: ${kind} must allow at least 1KB`);
    else if (CUSTOMER_FACING.has(kind) && bytes > CUSTOMER_MAX_BYTES) problems.push(`PANEL_ANSWER_LIMITS: ${kind} reaches customers and may not exceed 1MB`);
    else limits[kind] = bytes;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(limits);
}

/**
 * A byte count as the error messages show it.
 * @returns e.g. "256 KB", "2 MB"
 */
export function sizeText(bytes: number): string {
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= KB) return `${Math.round(bytes / KB)} KB`;
  return `${bytes} B`;
}

/**
 * Panel calls made while an admin page or its polling endpoints wait: short timeouts, an overall
 * deadline (GETs are retried, which could otherwise add up), and a module-log row only for failures, so
 * a page polled every 5 s does not bury the service's log in routine reads.
 */
import type { ModuleLogWriter, ServerRecord } from '../../../../server/plugins/plugin-api.js';
import { PanelClient } from '../panel/panel-client.js';
import { PanelUnreachableError } from '../panel/panel-errors.js';

/** TCP connect budget of a page call. */
export const PAGE_CONNECT_TIMEOUT_MS = 1000;
/** Answer budget of one page call attempt. */
export const PAGE_RESPONSE_TIMEOUT_MS = 1500;
/** The whole page's wait for the panel, retries included: a down panel still renders within ~3 s. */
export const PAGE_DEADLINE_MS = 2500;

/**
 * A panel client for page reads of one service.
 * @param log the service's module-log writer; only failed calls reach it
 */
export function pagePanel(server: ServerRecord, serviceId: number, log: ModuleLogWriter): PanelClient {
  return new PanelClient(server, {
    serviceId,
    action: 'admin-view',
    connectTimeoutMs: Math.min(PAGE_CONNECT_TIMEOUT_MS, server.connectTimeoutMs ?? PAGE_CONNECT_TIMEOUT_MS),
    responseTimeoutMs: Math.min(PAGE_RESPONSE_TIMEOUT_MS, server.responseTimeoutMs ?? PAGE_RESPONSE_TIMEOUT_MS),
    log: (entry) => (entry.error ? log(entry) : Promise.resolve()),
  });
}

/**
 * Settles `work` or fails with a 504 naming the server once `ms` have passed; the abandoned calls
 * still end by their own timeouts.
 * @param what the calls, for the message (e.g. "GET /client/alice")
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, server: ServerRecord, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const site = { serverName: server.name, address: `${server.hostname}:${server.port}`, method: 'GET', path: what };
      reject(new PanelUnreachableError('timeout', site, `no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

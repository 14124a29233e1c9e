/**
 * Bounds how long a page waits for the panel. The panel client has per-attempt timeouts but retries GETs,
 * so only an overall deadline can promise that a page renders in about 3 s whatever the panel does.
 */
import { VpnServerUnavailableError } from './customer-errors.js';

/**
 * Resolves with the call's result, or rejects with VpnServerUnavailableError once `ms` have passed.
 * Panel errors become their customer-facing form; other errors (bugs) pass unchanged.
 * @param call the work; it keeps running after the deadline and its late outcome is ignored
 * @param ms the budget in milliseconds
 * @returns the call's value
 * @throws VpnServerUnavailableError | VpnAccountMissingError | the call's own non-panel error
 */
export async function withDeadline<V>(call: Promise<V>, ms: number): Promise<V> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new VpnServerUnavailableError('deadline')), ms);
  });
  // A call that loses the race still settles later; its rejection must not become an unhandled one.
  call.catch(() => undefined);
  try {
    return await Promise.race([call, deadline]);
  } catch (err) {
    throw VpnServerUnavailableError.from(err);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Turns a rejection into a value, so one failed card never fails the page.
 * @returns the value, or the Error it failed with
 */
export async function settle<V>(call: Promise<V>): Promise<V | Error> {
  try {
    return await call;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

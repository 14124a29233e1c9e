/**
 * Turns a rejection into a value, so one failed card never fails the page.
 */

/**
 * @returns the value, or the Error it failed with
 */
export async function settle<V>(call: Promise<V>): Promise<V | Error> {
  try {
    return await call;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * Whether a failed write may still have been applied by the panel. Any 2xx whose body we cannot use, a
 * lost or late answer and a 5xx all leave the change possible, so the caller must look before it
 * believes either outcome; a refusal with the panel's reasons, a refused connection or a rejected token
 * mean nothing happened.
 */
import { PanelProtocolError, PanelRejectedError, PanelUnreachableError } from '../panel/panel-errors.js';

/**
 * @param err what the write failed with
 * @returns true when the panel may have applied the write
 */
export function mayHaveApplied(err: unknown): boolean {
  if (err instanceof PanelProtocolError) return err.httpStatus >= 200 && err.httpStatus < 300;
  if (err instanceof PanelUnreachableError) return err.kind === 'timeout' || err.kind === 'reset' || err.kind === 'network';
  if (err instanceof PanelRejectedError) return err.isServerFault() && !err.isNameTaken() && !err.isNoSlots() && !err.isNetworkFull();
  return false;
}

/**
 * Errors as a customer may see them. Panel errors name the panel's address and the API call, which is
 * for the admin (it is in the module log already); the customer gets a plain sentence and a next step.
 */
import { AppError, ConflictError, type ServiceStatus } from '../../../../server/plugins/plugin-api.js';
import { PanelAuthError, PanelProtocolError, PanelRejectedError, PanelUnreachableError } from '../panel/panel-errors.js';

/** The VPN server did not answer in time or answered something unusable. */
export class VpnServerUnavailableError extends AppError {
  /**
   * @param reason what happened, for tests and logs: deadline, unreachable, token, protocol or rejected
   * @param options the panel error behind it
   */
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(503, 'vpn_server_unavailable', 'The VPN server is temporarily unavailable. Please try again in a minute.', options);
  }

  /**
   * Turns a panel failure into what the customer sees; anything else (a bug) is passed on unchanged.
   * @returns the customer-facing error
   */
  static from(err: unknown): unknown {
    if (err instanceof AppError && !isPanelError(err)) return err;
    if (err instanceof PanelRejectedError && err.isNotFound()) return new VpnAccountMissingError({ cause: err });
    if (err instanceof PanelUnreachableError) return new VpnServerUnavailableError('unreachable', { cause: err });
    if (err instanceof PanelAuthError) return new VpnServerUnavailableError('token', { cause: err });
    if (err instanceof PanelProtocolError) return new VpnServerUnavailableError('protocol', { cause: err });
    if (err instanceof PanelRejectedError) return new VpnServerUnavailableError('rejected', { cause: err });
    return err;
  }
}

/** The panel no longer knows the service's VPN client. */
export class VpnAccountMissingError extends AppError {
  /** @param options the panel's 404 behind it */
  constructor(options?: { cause?: unknown }) {
    super(502, 'vpn_account_missing', 'Your VPN account was not found on the VPN server.', options);
  }
}

function isPanelError(err: AppError): boolean {
  return err instanceof PanelRejectedError || err instanceof PanelUnreachableError || err instanceof PanelAuthError || err instanceof PanelProtocolError;
}

const NOT_ACTIVE: Record<Exclude<ServiceStatus, 'active'>, string> = {
  pending: 'This service is still being set up; its VPN details appear once it is active.',
  suspended: 'This service is suspended; its VPN details are unavailable until it is reactivated.',
  terminated: 'This service has been terminated; its VPN account no longer exists.',
  failed: 'This service could not be set up; its VPN details are unavailable.',
};

/**
 * The JSON endpoints' answer for a service that is not active.
 * @param status the service's status (not active)
 * @returns a 409 error with code service_<status>
 */
export function serviceNotActiveError(status: Exclude<ServiceStatus, 'active'>): ConflictError {
  return new ConflictError(NOT_ACTIVE[status], `service_${status}`);
}

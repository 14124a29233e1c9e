/**
 * What can go wrong talking to a puqVPNcp panel, as AppErrors an admin can act on at 3 a.m.
 * Messages name the server, its address and the call, and never carry the API token: callers scrub
 * panel-supplied text before it reaches these constructors.
 */
import { AppError } from '../../../../server/plugins/plugin-api.js';

/** Where a failed call went: enough for an admin to find the server. */
export interface PanelCallSite {
  serverName: string;
  /** host:port as dialled */
  address: string;
  method: string;
  /** path below /api/v1 */
  path: string;
}

function where(site: PanelCallSite): string {
  return `Panel "${site.serverName}" at ${site.address} (${site.method} ${site.path})`;
}

/** Why no HTTP answer arrived. */
export type UnreachableKind = 'dns' | 'refused' | 'timeout' | 'tls' | 'reset' | 'network';

const HINTS: Record<UnreachableKind, string> = {
  dns: "Check the server's hostname and this machine's DNS resolver.",
  refused: "Check that the panel is running and that the port is the panel's API port (default 8098).",
  timeout: 'The panel is overloaded or a firewall silently drops the traffic; check the panel host and the network path.',
  tls: 'Install a valid certificate on the panel, or tick "allow self-signed certificate" for this server if you trust it.',
  reset: 'The panel or a proxy dropped the connection; a change sent in this call may or may not have been applied.',
  network: 'Check routing and firewalls between the portal and the panel.',
};

/** No HTTP answer at all: 504 when the panel was too slow, 502 otherwise. */
export class PanelUnreachableError extends AppError {
  constructor(
    readonly kind: UnreachableKind,
    readonly site: PanelCallSite,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      kind === 'timeout' ? 504 : 502,
      kind === 'timeout' ? 'panel_timeout' : 'panel_unreachable',
      `${where(site)} is unreachable: ${detail}. ${HINTS[kind]}`,
      options,
    );
  }
}

/** The panel answered 401/403: the token is wrong, expired, IP-restricted or lacks a permission. */
export class PanelAuthError extends AppError {
  constructor(
    readonly site: PanelCallSite,
    readonly httpStatus: number,
    panelMessage?: string,
  ) {
    super(
      502,
      'panel_token_refused',
      `${where(site)}: the panel refused the API token (HTTP ${httpStatus}${panelMessage ? `: ${panelMessage}` : ''}). ` +
        "Check that the server's token is current, not expired, and allowed from this portal's IP address.",
    );
  }
}

/** The panel understood the call and said no (4xx/5xx with its own message). */
export class PanelRejectedError extends AppError {
  constructor(
    readonly site: PanelCallSite,
    readonly httpStatus: number,
    readonly panelMessage: string,
    // kept apart from AppError.fields: those name the portal's form fields, these the panel's
    readonly panelFields: Record<string, string> = {},
  ) {
    const reasons = Object.entries(panelFields).map(([field, why]) => `${field}: ${why}`);
    super(
      502,
      'panel_rejected',
      `${where(site)} answered with an error (HTTP ${httpStatus}): ${panelMessage}` +
        (reasons.length > 0 ? ` (${reasons.join('; ')})` : ''),
    );
  }

  /** Tells whether the panel says the client or network does not exist (404, or a message saying so). */
  isNotFound(): boolean {
    return this.httpStatus === 404 || NOT_FOUND.test(this.panelMessage);
  }

  /** Tells whether the client name is already used on the panel (409, or a message saying so). */
  isNameTaken(): boolean {
    return this.httpStatus === 409 || NAME_TAKEN.test(this.panelMessage);
  }

  /** Tells whether the panel's licence has no free VPN account left. */
  isNoSlots(): boolean {
    return NO_SLOTS.test(this.panelMessage) && !RATE_LIMIT.test(this.panelMessage);
  }

  /** Tells whether the chosen network has no free IP address left. */
  isNetworkFull(): boolean {
    return NETWORK_FULL.test(this.panelMessage);
  }

  /** Tells whether the panel failed on its side (5xx), after which a change may or may not have been applied. */
  isServerFault(): boolean {
    return this.httpStatus >= 500;
  }
}

// The published material gives v1 texts but no v2 status codes, so refusals are recognised by their
// words as well as by the status code we adopted.
const NOT_FOUND = /\bnot (been )?found\b|does not exist|doesn't exist|no such (client|network|account|user)/i;
const NAME_TAKEN = /already (in use|exists?|taken|used|registered)|name is taken|duplicate/i;
const NO_SLOTS = /\blimit\b/i;
const RATE_LIMIT = /rate limit|too many requests|api usage/i;
const NETWORK_FULL = /no free ip/i;

/** The answer is not the panel's protocol: not JSON, result not "OK", or data of the wrong shape. */
export class PanelProtocolError extends AppError {
  constructor(
    readonly site: PanelCallSite,
    readonly httpStatus: number,
    readonly reason: string,
  ) {
    super(
      502,
      'panel_protocol_error',
      `${where(site)} sent something that is not a puqVPNcp panel answer (HTTP ${httpStatus}): ${reason}. ` +
        "Check that the server's host and port point at the panel's API and that the panel runs version 2.x.",
    );
  }
}

/** Any failure of a panel call. */
export type PanelError = PanelUnreachableError | PanelAuthError | PanelRejectedError | PanelProtocolError;

/**
 * What a customer is told about a service that is not active: what state it is in and what to do next.
 * Built from local data only, so a terminated service (or a pending one) never costs a panel call.
 */
import type { Locale, ServiceStatus } from '../../../../server/plugins/plugin-api.js';

/** The locals of views/client/vpn-service-state.ejs. */
export interface ServiceStateView {
  serviceId: number;
  status: Exclude<ServiceStatus, 'active'>;
  heading: string;
  explanation: string;
  nextStep: string;
  /** what support can do here; shown with the installation's support contact, and only when one is set */
  supportHint: string;
  /** notice style: info for expected waits, warn for states the customer can act on, error for failures */
  tone: 'info' | 'warn' | 'error';
}

const TONES: Record<Exclude<ServiceStatus, 'active'>, ServiceStateView['tone']> = { pending: 'info', suspended: 'warn', terminated: 'info', failed: 'error' };

/**
 * The page body for a service that is not active.
 * @param serviceId the service, for the support reference
 * @param status its status
 * @param locale the customer's language
 * @returns the view-model
 */
export function serviceStateView(serviceId: number, status: Exclude<ServiceStatus, 'active'>, locale: Locale): ServiceStateView {
  const text = (part: string) => locale.t(`state.${status}.${part}`);
  return { serviceId, status, heading: text('heading'), explanation: text('explanation'), nextStep: text('nextStep'), supportHint: text('supportHint'), tone: TONES[status] };
}

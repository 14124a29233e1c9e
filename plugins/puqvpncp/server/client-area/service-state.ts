/**
 * What a customer is told about a service that is not active: what state it is in and what to do next.
 * Built from local data only, so a terminated service (or a pending one) never costs a panel call.
 */
import type { ServiceStatus } from '../../../../server/plugins/plugin-api.js';

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

const STATES: Record<Exclude<ServiceStatus, 'active'>, Omit<ServiceStateView, 'serviceId' | 'status'>> = {
  pending: {
    heading: 'Your VPN is being set up',
    explanation: 'This service has been ordered but its VPN account does not exist yet.',
    nextStep: 'Setting up usually takes a minute or two: reload this page shortly.',
    supportHint: 'Still pending after an hour?',
    tone: 'info',
  },
  suspended: {
    heading: 'This service is suspended',
    explanation: 'Your VPN account is disabled: it cannot connect and its configuration files are not available.',
    nextStep: 'Services are usually suspended for an unpaid invoice: settle any open invoice to have the service reactivated.',
    supportHint: 'Nothing open, or a question about it?',
    tone: 'warn',
  },
  terminated: {
    heading: 'This service has ended',
    explanation: 'The service was terminated and its VPN account has been deleted; old configuration files no longer work.',
    nextStep: 'To use the VPN again, order a new service.',
    supportHint: 'Think this is a mistake?',
    tone: 'info',
  },
  failed: {
    heading: 'This service could not be set up',
    explanation: 'Creating your VPN account failed, so there is nothing to connect to yet.',
    nextStep: 'Our team can retry the setup; mention the service number shown below.',
    supportHint: 'To have it retried:',
    tone: 'error',
  },
};

/**
 * The page body for a service that is not active.
 * @param serviceId the service, for the support reference
 * @param status its status
 * @returns the view-model
 */
export function serviceStateView(serviceId: number, status: Exclude<ServiceStatus, 'active'>): ServiceStateView {
  return { serviceId, status, ...STATES[status] };
}

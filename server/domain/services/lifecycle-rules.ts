/**
 * Which lifecycle action may run from which state, and where it leads. Plain data, so the admin page
 * can grey out a button with the same rule the command enforces.
 */
import type { ServiceStatus } from '../types.js';

export const LIFECYCLE_ACTIONS = ['create', 'suspend', 'unsuspend', 'terminate', 'change-package'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

interface Rule {
  from: ServiceStatus[];
  /** the status after success; null = unchanged */
  to: ServiceStatus | null;
  verb: string;
}

export const LIFECYCLE_RULES: Record<LifecycleAction, Rule> = {
  create: { from: ['pending', 'failed'], to: 'active', verb: 'create' },
  suspend: { from: ['active'], to: 'suspended', verb: 'suspend' },
  unsuspend: { from: ['suspended'], to: 'active', verb: 'unsuspend' },
  terminate: { from: ['active', 'suspended', 'failed'], to: 'terminated', verb: 'terminate' },
  'change-package': { from: ['active', 'suspended'], to: null, verb: 'change the package of' },
};

/** True when the text names a lifecycle action. */
export function isLifecycleAction(value: string): value is LifecycleAction {
  return (LIFECYCLE_ACTIONS as readonly string[]).includes(value);
}

/** Why an action cannot run from a status, or null when it can. */
export function transitionProblem(action: LifecycleAction, status: ServiceStatus): string | null {
  const rule = LIFECYCLE_RULES[action];
  if (rule.from.includes(status)) return null;
  const article = /^[aeiou]/.test(status) ? 'an' : 'a';
  return `Cannot ${rule.verb} ${article} ${status} service (allowed from: ${rule.from.join(', ')})`;
}

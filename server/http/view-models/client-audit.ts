/**
 * A customer's fields as the audit log compares them before and after a change: a new password shows
 * only as "set", never as a value or a hash.
 */
import type { User } from '../../domain/types.js';

/** The compared fields; `passwordSet` marks a change that set a new password. */
export function clientAuditFields(user: User, passwordSet = false): Record<string, unknown> {
  return { email: user.email, name: user.name, disabled: user.disabled, ...(passwordSet ? { password: 'set' } : {}) };
}

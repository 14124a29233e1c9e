/**
 * The forms of the admins page.
 */
import { z } from 'zod';
import { ADMIN_ROLES } from '../../domain/types.js';

const role = z.enum(ADMIN_ROLES as ['owner', 'support'], { error: 'must be owner or support' });

export const inviteSchema = z.object({
  email: z.string({ error: 'is required' }).trim().toLowerCase().min(1, 'is required').max(254, 'is at most 254 characters').email('is not a valid address'),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'is at most 200 characters'),
  admin_role: role,
});

export const adminRoleSchema = z.object({ admin_role: role });

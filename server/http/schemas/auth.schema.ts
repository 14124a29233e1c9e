/**
 * The sign-in form. Lengths match the columns and the password form's own cap, so an oversized value
 * is refused here, naming the field, before anything is counted or looked up.
 */
import { z } from 'zod';

export const signInSchema = z.object({
  email: z.string({ error: 'Email is required' }).trim().min(1, 'Email is required').max(254, 'Email is at most 254 characters'),
  password: z.string({ error: 'Password is required' }).min(1, 'Password is required').max(200, 'Password is at most 200 characters'),
  next: z.string().max(2000, 'is too long').optional(),
});

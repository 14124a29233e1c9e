/**
 * The forms of password reset and of the account page. Lengths match the columns; a new password has
 * the portal's minimum and must be typed twice alike.
 */
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../auth/password.js';

const email = z.string({ error: 'Email is required' }).trim().toLowerCase().min(1, 'Email is required').max(254, 'Email is at most 254 characters').email('Email is not a valid address');
const newPassword = z.string({ error: 'Password is required' }).min(MIN_PASSWORD_LENGTH, `Password must have at least ${MIN_PASSWORD_LENGTH} characters`).max(200, 'Password is at most 200 characters');
const confirmation = z.string({ error: 'Type the password again' }).max(200, 'Password is at most 200 characters');
const current = z.string({ error: 'Your current password is required' }).min(1, 'Your current password is required').max(200, 'Password is at most 200 characters');

/** Both passwords alike, the mismatch named on the confirmation field. */
const matching = <T extends { password: string; password_confirm: string }>(v: T, ctx: z.RefinementCtx) => {
  if (v.password !== v.password_confirm) ctx.addIssue({ code: 'custom', path: ['password_confirm'], message: 'The two passwords differ' });
};

export const forgotSchema = z.object({ email });

export const resetSchema = z.object({ password: newPassword, password_confirm: confirmation }).superRefine(matching);

export const nameSchema = z.object({ name: z.string({ error: 'Name is required' }).trim().min(1, 'Name is required').max(200, 'Name is at most 200 characters') });

export const passwordChangeSchema = z.object({ current_password: current, password: newPassword, password_confirm: confirmation }).superRefine(matching);

export const emailChangeSchema = z.object({ email, current_password: current });

/**
 * The signature of a webhook delivery (admin-api.md "Operations", the Stripe scheme):
 * `X-Portal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. A receiver
 * recomputes the HMAC over the raw body it got, compares in constant time and refuses an old `t`
 * (replays); `verifyWebhookSignature` is that check, as the README shows it.
 */
import crypto from 'node:crypto';

/** The header's name. */
export const SIGNATURE_HEADER = 'X-Portal-Signature';

/** The HMAC of one body at one time, in hex. */
export function webhookHmac(secret: string, timestamp: number, body: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for a body sent at `at`. */
export function signatureHeader(secret: string, at: Date, body: string): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${webhookHmac(secret, t, body)}`;
}

/**
 * Checks a received header against the raw body.
 * @param toleranceS how old a signature may be (replay window)
 * @returns whether it is valid and recent
 */
export function verifyWebhookSignature(secret: string, header: string, body: string, now: Date, toleranceS = 300): boolean {
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  return crypto.timingSafeEqual(Buffer.from(v1, 'hex'), Buffer.from(webhookHmac(secret, t, body), 'hex'));
}

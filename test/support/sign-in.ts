/**
 * Sign-in traffic as an attacker or an owner sends it: the app on a real port, the form's cookie and
 * token fetched once, then tries sent one by one or all at once, each from the address a proxy
 * reports in X-Forwarded-For.
 */
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import { csrfFrom } from './login.js';

/** The app listening on loopback. */
export async function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What a browser holds after opening a sign-in page: its cookies and the form's token. */
export interface SignInForm {
  cookie: string;
  token: string;
}

/** Opens a sign-in page. */
export async function openSignIn(url: string, path = '/login'): Promise<SignInForm> {
  const res = await request(url).get(path);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, token: csrfFrom(res.text) };
}

/** One try and its answer. */
export interface Try {
  email: string;
  password: string;
  /** the X-Forwarded-For the proxy passes on; none = the socket's address */
  xff?: string;
}

/** An answer: status, Retry-After (seconds) and where a success redirects. */
export interface Answer {
  status: number;
  retryAfter: number | null;
  location: string | null;
}

/** Sends one try. */
export async function signIn(url: string, form: SignInForm, t: Try, path = '/login'): Promise<Answer> {
  const req = request(url).post(path).set('Cookie', form.cookie).type('form');
  if (t.xff) req.set('X-Forwarded-For', t.xff);
  const res = await req.send({ _csrf: form.token, email: t.email, password: t.password });
  const retry = res.headers['retry-after'];
  return { status: res.status, retryAfter: retry === undefined ? null : Number(retry), location: res.headers.location ?? null };
}

/** Sends every try at once and waits for all answers. */
export function burst(url: string, form: SignInForm, tries: Try[], path = '/login'): Promise<Answer[]> {
  return Promise.all(tries.map((t) => signIn(url, form, t, path)));
}

/** How many answers had each status, e.g. { 401: 5, 429: 95 }. */
export function tally(answers: Answer[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

/**
 * A supertest agent that carries cookies and knows the current CSRF token, as a browser would.
 */
import type { Express } from 'express';
import request from 'supertest';
import { PASSWORD } from './factories.js';

export type Agent = ReturnType<typeof request.agent>;

/** Reads the CSRF token from a rendered page. */
export function csrfFrom(html: string): string {
  const match = /name="csrf-token" content="([^"]*)"/.exec(html) ?? /name="_csrf" value="([^"]*)"/.exec(html);
  if (!match || !match[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** Fetches a page and returns its CSRF token. */
export async function csrfToken(agent: Agent, path = '/login'): Promise<string> {
  const res = await agent.get(path);
  return csrfFrom(res.text);
}

/** Logs in as a customer (or admin) and returns the agent and the fresh CSRF token. */
export async function loginAs(app: Express, email: string, role: 'client' | 'admin' = 'client', password = PASSWORD): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app);
  const loginPath = role === 'admin' ? '/admin/login' : '/login';
  const token = await csrfToken(agent, loginPath);
  const res = await agent.post(loginPath).type('form').send({ _csrf: token, email, password });
  if (res.status !== 302) throw new Error(`login failed with ${res.status}: ${res.text.slice(0, 200)}`);
  return { agent, csrf: await csrfToken(agent, role === 'admin' ? '/admin' : '/') };
}

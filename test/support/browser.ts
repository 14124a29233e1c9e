/**
 * What every browser test sets up the same way: the portal on a loopback port, Debian's headless
 * Chromium, a signed-in page, and a record of the script errors and CSP violations the page raised.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './browser-setup.js';

// no network chatter of its own, so a test sees only the requests the portal's pages make
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Launches the system's headless Chromium; the caller closes it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Serves the app on a free loopback port and returns the server with its origin (`http://127.0.0.1:PORT`). */
export async function serveOnLoopback(app: Express): Promise<{ server: Server; origin: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Stops a server from serveOnLoopback, dropping the browser's keep-alive connections so close() returns. */
export async function stopServing(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** Signs in through the real login form and waits for the landing page (`/admin` or `/`). */
export async function loginInBrowser(page: Page, origin: string, email: string, password: string, role: 'client' | 'admin'): Promise<void> {
  const base = role === 'admin' ? '/admin' : '';
  await page.goto(`${origin}${base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${origin}${base || '/'}`), page.click('button[type=submit]')]);
}

/**
 * Records the page's console errors and uncaught exceptions into `into`.
 * @param options.ignoreFailedLoads leave out Chromium's "Failed to load resource" lines (a test that
 *   expects a 4xx, or reports failed responses itself with their URL)
 */
export function recordPageErrors(page: Page, into: string[], options: { ignoreFailedLoads?: boolean } = {}): void {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (options.ignoreFailedLoads && msg.text().startsWith('Failed to load resource')) return;
    into.push(msg.text());
  });
  page.on('pageerror', (err) => into.push(err.message));
}

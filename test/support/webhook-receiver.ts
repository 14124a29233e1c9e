/**
 * A real HTTP receiver on loopback for the webhook tests: it records every POST (headers and the raw
 * body, as a receiver must verify it) and answers as the test sets it: 2xx, a 5xx, slowly, or not at all
 * (the port closed).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver got it. */
export interface ReceivedHook {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; created_at: string; data: Record<string, unknown> };
}

/** How the receiver answers. */
export type ReceiverMode = { status: number } | { delayMs: number };

export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  mode: ReceiverMode = { status: 200 };
  private server: http.Server | null = null;
  private port = 0;

  /** The URL to register (path /hook). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Listens (on the same port again after down()). */
  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as ReceivedHook['body'] });
        const mode = this.mode;
        if ('delayMs' in mode) {
          const timer = setTimeout(() => res.writeHead(200).end('late'), mode.delayMs);
          res.on('close', () => clearTimeout(timer));
        } else {
          res.writeHead(mode.status).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port: senders get ECONNREFUSED. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** Of the received hooks, those of one event type. */
  ofType(type: string): ReceivedHook[] {
    return this.received.filter((h) => h.body.type === type);
  }
}

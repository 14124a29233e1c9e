/**
 * The socket side of the fake panel: listen on 127.0.0.1, stop accepting while keeping the port, and
 * tear everything down (open and hung connections, pending delays) so a test process can exit.
 */
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

/** An HTTP(S) server that can go down and come back on the same port. */
export class FakeListener {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private boundPort = 0;
  private listening = false;

  /** Wraps a request handler; `tls` switches to HTTPS. */
  constructor(onRequest: RequestListener, tls?: { key: string; cert: string }) {
    this.server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** The bound port (0 before the first listen). */
  get port(): number {
    return this.boundPort;
  }

  /** Whether connections are accepted right now. */
  get isListening(): boolean {
    return this.listening;
  }

  /** Listens on the given port of 127.0.0.1 (0 = ephemeral); does nothing when already listening. */
  listen(port: number): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        this.boundPort = typeof address === 'object' && address ? address.port : port;
        this.listening = true;
        resolve();
      });
    });
  }

  /** Stops accepting and destroys every open connection, hung ones included. */
  async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Resolves after `ms`, unless cancelAllWaits() comes first (then never: its request is being torn down). */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Cancels every pending wait so no timer keeps the process alive. */
  cancelAllWaits(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

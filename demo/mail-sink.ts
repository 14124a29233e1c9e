/**
 * A local SMTP server that keeps every mail it receives, parsed (smtp-server + mailparser): the demo's
 * inbox and the tests' mail server. It listens on loopback only, accepts any sender, recipient and
 * login, and can be taken down and brought back on the same port, like a mail server that goes away.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One received mail: its raw bytes, the envelope and the parsed message. */
export interface ReceivedMail {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  receivedAt: Date;
}

/** The sink. */
export class MailSink {
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private portNumber = 0;
  private readonly waiters: (() => void)[] = [];

  /** Starts listening (on `port`, or a free one); resolves to the SMTP_URL that reaches it. */
  async start(port = 0): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      // plain SMTP on loopback: STARTTLS would need a certificate the sender does not trust
      disabledCommands: ['STARTTLS'],
      banner: 'vpncp-portal mail sink',
      size: 25 * 1024 * 1024,
      logger: false,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'sink' }),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
              this.mails.push({ raw, envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, parsed, receivedAt: new Date() });
              this.waiters.splice(0).forEach((wake) => wake());
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port || this.portNumber, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.portNumber = (server.server.address() as AddressInfo).port;
    return this.url;
  }

  /** smtp://127.0.0.1:<port> */
  get url(): string {
    return `smtp://127.0.0.1:${this.portNumber}`;
  }

  get port(): number {
    return this.portNumber;
  }

  /** Stops listening: senders get "connection refused" until up(). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    if (!this.server) await this.start(this.portNumber);
  }

  async stop(): Promise<void> {
    await this.down();
  }

  /** Forgets the mails received so far. */
  clear(): void {
    this.mails.length = 0;
  }

  /**
   * Resolves with the first mail matching `match`, waiting for it up to `timeoutMs`.
   * @throws Error when none arrives in time
   */
  async waitFor(match: (m: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.find(match);
      if (found) return found;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no matching mail within ${timeoutMs} ms (received ${this.mails.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

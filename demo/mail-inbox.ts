/**
 * The demo's web inbox over the mail sink: a list of the mails received, each opened with its HTML part
 * in a sandboxed frame, its text part and its attachments to download. Loopback only, no assets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MailSink } from './mail-sink.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font:15px system-ui,sans-serif;margin:20px;max-width:1000px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left}pre{background:#f5f5f5;padding:10px;white-space:pre-wrap}iframe{width:100%;height:600px;border:1px solid #ddd}</style></head><body>${body}</body></html>`;

/**
 * Serves the inbox on a loopback port.
 * @returns its URL and a stop function
 */
export async function startMailInbox(sink: MailSink, port = 0): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://inbox');
    const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
      res.end(body);
    };
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts.length === 0) {
      const rows = sink.mails.map((m, i) => `<tr><td><a href="/mail/${i}">${esc(m.parsed.subject)}</a></td><td>${esc(m.envelope.to.join(', '))}</td><td>${esc(m.receivedAt.toISOString())}</td><td>${m.parsed.attachments.length}</td></tr>`).reverse().join('');
      return send(200, 'text/html; charset=utf-8', page('Demo inbox', `<h1>Demo inbox</h1><p>${sink.mails.length} mail(s) received on ${esc(sink.url)}. <a href="/">Reload</a></p><table><tr><th>Subject</th><th>To</th><th>Received</th><th>Files</th></tr>${rows}</table>`));
    }
    const mail = sink.mails[Number(parts[1])];
    if (parts[0] !== 'mail' || !mail) return send(404, 'text/plain', 'no such mail');
    if (parts[2] === 'html') return send(200, 'text/html; charset=utf-8', String(mail.parsed.html || ''), { 'Content-Security-Policy': "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'" });
    if (parts[2] === 'file') {
      const file = mail.parsed.attachments[Number(parts[3])];
      if (!file) return send(404, 'text/plain', 'no such file');
      return send(200, file.contentType, file.content, { 'Content-Disposition': `attachment; filename="${String(file.filename ?? 'file').replace(/[^\w.-]/g, '_')}"` });
    }
    const files = mail.parsed.attachments.map((a, i) => `<li><a href="/mail/${parts[1]}/file/${i}">${esc(a.filename)}</a> (${esc(a.contentType)}, ${a.size} bytes${a.related ? ', inline' : ''})</li>`).join('');
    send(200, 'text/html; charset=utf-8', page(String(mail.parsed.subject), `<p><a href="/">← Inbox</a></p><h1>${esc(mail.parsed.subject)}</h1><p>From ${esc(mail.envelope.from)} to ${esc(mail.envelope.to.join(', '))}</p><iframe sandbox src="/mail/${parts[1]}/html"></iframe><h2>Text part</h2><pre>${esc(mail.parsed.text)}</pre><h2>Attachments</h2><ul>${files || '<li>none</li>'}</ul>`));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

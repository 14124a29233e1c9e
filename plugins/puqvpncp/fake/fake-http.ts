/**
 * Small node:http helpers for the fake panel: read a body, send JSON or text with a length.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Reads a request body as UTF-8.
 * @param req the request
 * @returns the whole body ('' when none)
 */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses a request body that should be JSON.
 * @param text the raw body
 * @returns the value (undefined for an empty body) and whether the text was not JSON
 */
export function parseRequestBody(text: string): { value: unknown; invalid: boolean } {
  if (text.trim() === '') return { value: undefined, invalid: false };
  try {
    return { value: JSON.parse(text) as unknown, invalid: false };
  } catch {
    return { value: text, invalid: true };
  }
}

/**
 * Sends a complete answer.
 * @param res the response
 * @param status HTTP status
 * @param body the body text
 * @param contentType its media type
 */
export function sendText(res: ServerResponse, status: number, body: string, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Sends a value as JSON. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendText(res, status, JSON.stringify(value), 'application/json');
}

/** The panel's error envelope. */
export function errorEnvelope(message: string, errors: Record<string, string> = {}): object {
  return { result: 'ERROR', message, errors };
}

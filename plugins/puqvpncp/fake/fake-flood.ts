/**
 * A huge answer for the size-limit tests and the flood benchmark: `rows` traffic rows, or `bytes` of
 * JSON (one long string), written as the reader takes it (chunked, no length announced) and abandoned
 * as soon as the reader hangs up, so the fake never holds more than one chunk of it.
 */
import type { ServerResponse } from 'node:http';

const CHUNK_ROWS = 2000;
const CHUNK_BYTES = 64 * 1024;

function day(i: number): string {
  // every day of 2026-03 over and over: the rows are valid one by one, far too many as a whole
  return `2026-03-${String((i % 31) + 1).padStart(2, '0')}`;
}

/** What a flood came to: bytes handed to the socket, and whether the reader took them all. */
export interface FloodOutcome {
  written: number;
  completed: boolean;
}

/**
 * Streams the answer; resolves when it is written or the reader is gone.
 * @param size how many rows, or how many bytes
 */
export async function flood(res: ServerResponse, size: { rows?: number; bytes?: number }): Promise<FloodOutcome> {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const outcome: FloodOutcome = { written: 0, completed: false };
  const write = (text: string) =>
    new Promise<boolean>((resolve) => {
      if (res.destroyed) return resolve(false);
      outcome.written += text.length;
      if (res.write(text)) return resolve(true);
      const done = (ok: boolean) => () => {
        res.off('drain', drained);
        res.off('close', closed);
        resolve(ok);
      };
      const drained = done(true);
      const closed = done(false);
      res.once('drain', drained);
      res.once('close', closed);
    });
  const finish = async (tail: string) => {
    if (!(await write(tail))) return outcome;
    res.end();
    return { ...outcome, completed: true };
  };
  if (size.rows !== undefined) {
    if (!(await write('{"result":"OK","message":"Success","data":['))) return outcome;
    for (let i = 0; i < size.rows; i += CHUNK_ROWS) {
      const rows: string[] = [];
      for (let j = i; j < Math.min(size.rows, i + CHUNK_ROWS); j++) rows.push(`${j === 0 ? '' : ','}{"date":"${day(j)}","traffic_download":${1000 + j},"traffic_upload":${500 + j}}`);
      if (!(await write(rows.join('')))) return outcome;
    }
    return finish(']}');
  }
  const total = size.bytes ?? 0;
  if (!(await write('{"result":"OK","message":"Success","data":{"config":"'))) return outcome;
  const chunk = 'A'.repeat(CHUNK_BYTES);
  for (let sent = 0; sent < total; sent += CHUNK_BYTES) if (!(await write(chunk))) return outcome;
  return finish('"}}');
}

/**
 * The account page's list of the customer's signed-in sessions: when each signed in, its last active
 * day, its browser and address, and which one is this browser. Session ids never reach the page.
 */
import type { StoredSession } from '../../repositories/sessions.repository.js';
import { sessionHandle } from '../../domain/users/user-sessions.js';

/** One session as the page shows it. */
export interface SessionRow {
  current: boolean;
  /** what its "Sign out" button names (never the session id) */
  handle: string;
  signedInAt: string | null;
  lastActiveDay: string | null;
  browser: string;
  ip: string;
}

interface SessionFields {
  signedInAt?: number;
  renewedOn?: number;
  device?: { agent?: string; ip?: string };
}

/** A short name for a user agent: the browser and the system, e.g. "Firefox on Linux". */
export function browserName(agent: string): string {
  if (!agent) return 'Unknown browser';
  const browser = /Edg\//.test(agent) ? 'Edge' : /OPR\//.test(agent) ? 'Opera' : /Firefox\//.test(agent) ? 'Firefox' : /Chrome\//.test(agent) ? 'Chrome' : /Safari\//.test(agent) ? 'Safari' : agent.split(/[\s/]/)[0] || 'Unknown browser';
  const system = /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Windows/.test(agent) ? 'Windows' : /Mac OS X|Macintosh/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : '';
  return system ? `${browser} on ${system}` : browser;
}

/**
 * Builds the rows, this browser's first.
 * @param currentSid the session of the page's request
 */
export function sessionRows(sessions: (StoredSession & { sid: string })[], currentSid: string): SessionRow[] {
  const rows = sessions.map((s) => {
    let fields: SessionFields = {};
    try {
      fields = JSON.parse(s.json) as SessionFields;
    } catch {
      // an unreadable row is still listed, without details
    }
    const day = typeof fields.renewedOn === 'number' ? new Date(fields.renewedOn * 86_400_000).toISOString().slice(0, 10) : null;
    return {
      current: s.sid === currentSid,
      handle: sessionHandle(s.sid),
      signedInAt: typeof fields.signedInAt === 'number' ? new Date(fields.signedInAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : null,
      lastActiveDay: day,
      browser: browserName(fields.device?.agent ?? ''),
      ip: fields.device?.ip ?? '',
    };
  });
  return rows.sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Server records as forms show them: never the token, only whether one is set.
 */
import type { ServerSummary } from '../../domain/types.js';

/** The fields a form and the admin API show alike. */
function sharedFields(s: ServerSummary) {
  return {
    name: s.name,
    hostname: s.hostname,
    port: s.port,
    secure: s.secure,
    allow_self_signed: s.allowSelfSigned,
    server_group_id: s.serverGroupId,
    enabled: s.enabled,
  };
}

/** The form values of a stored server. */
export function serverFormValues(s: ServerSummary): Record<string, unknown> {
  return { ...sharedFields(s), connect_timeout_ms: s.connectTimeoutMs ?? '', response_timeout_ms: s.responseTimeoutMs ?? '' };
}

/** The server as the admin API answers it. */
export function serverJson(s: ServerSummary) {
  return { id: s.id, ...sharedFields(s), connect_timeout_ms: s.connectTimeoutMs, response_timeout_ms: s.responseTimeoutMs, api_token_set: s.tokenSet };
}

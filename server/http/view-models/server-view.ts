/**
 * Server records as forms show them: never the token, only whether one is set.
 */
import type { ServerSummary } from '../../domain/types.js';

/** The form values of a stored server. */
export function serverFormValues(s: ServerSummary): Record<string, unknown> {
  return {
    name: s.name,
    hostname: s.hostname,
    port: s.port,
    secure: s.secure,
    allow_self_signed: s.allowSelfSigned,
    server_group_id: s.serverGroupId,
    enabled: s.enabled,
    connect_timeout_ms: s.connectTimeoutMs ?? '',
    response_timeout_ms: s.responseTimeoutMs ?? '',
  };
}

/** The server as the admin API answers it. */
export function serverJson(s: ServerSummary) {
  return {
    id: s.id,
    name: s.name,
    hostname: s.hostname,
    port: s.port,
    secure: s.secure,
    allow_self_signed: s.allowSelfSigned,
    server_group_id: s.serverGroupId,
    enabled: s.enabled,
    connect_timeout_ms: s.connectTimeoutMs,
    response_timeout_ms: s.responseTimeoutMs,
    api_token_set: s.tokenSet,
  };
}

/**
 * The portal's own records as the domain sees them (plain data, no knex rows). Panel-facing shapes
 * (ServerRecord, ProductRecord, ServiceRecord) come from the plugin API so that both sides agree.
 */
import type { ServerRecord } from '../plugins/plugin-api.js';

export type { ServerRecord, ProductRecord, ServiceRecord, ServiceStatus, ClientRecord } from '../plugins/plugin-api.js';

export type Role = 'admin' | 'client';

/** What an admin (or an API token) may do: owner everything, support customers and their services. */
export type AdminRole = 'owner' | 'support';
export const ADMIN_ROLES: readonly AdminRole[] = ['owner', 'support'];

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  /** admins only (null for customers) */
  adminRole: AdminRole | null;
}

export interface ServerGroup {
  id: number;
  name: string;
}

/** A server as pages and the API show it: never the token, only whether one is set. */
export interface ServerSummary extends Omit<ServerRecord, 'apiToken'> {
  tokenSet: boolean;
}

export interface ApiTokenInfo {
  id: number;
  name: string;
  role: AdminRole;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface ModuleLogRow {
  id: number;
  at: string;
  serviceId: number | null;
  serverId: number | null;
  action: string;
  method: string | null;
  path: string | null;
  request: unknown;
  response: unknown;
  httpStatus: number | null;
  durationMs: number | null;
  error: string | null;
}

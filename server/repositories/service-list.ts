/**
 * What the services list searches and filters by. A new filter (a quota state, a tier) is one more
 * entry: add it here, or hand it to `services.search(list, extra)` from where it is defined.
 */
import type { Knex } from 'knex';
import { filters } from '../domain/lists/list-query.js';
import { idTerm, startsWith, type ListFilters } from './paged-list.js';

export const SERVICE_STATUSES = ['pending', 'active', 'suspended', 'terminated', 'failed'] as const;

/** status, product_id, server_id, client_id. */
export const serviceListFilters: ListFilters = {
  status: { ...filters.oneOf(SERVICE_STATUSES), apply: (q, v) => { q.where('services.status', v); } },
  product_id: { ...filters.id(), apply: (q, v) => { q.where('services.product_id', v); } },
  server_id: { ...filters.id(), apply: (q, v) => { q.where('services.server_id', v); } },
  client_id: { ...filters.id(), apply: (q, v) => { q.where('services.client_id', v); } },
};

/**
 * The users whose email or name starts with `term` (the subquery services and invoices search by; only
 * customers own services and invoices, so no role test: SQLite would pick the role index over the two prefix ones).
 */
export function clientsStartingWith(db: Knex, term: string): Knex.QueryBuilder {
  return db('users').select('id').where((w) => w.where(startsWith(db, 'email', term)).orWhere(startsWith(db, 'name', term)));
}

/**
 * Narrows a services query to `q`: the id, the start of the VPN client name, the IP, or the customer.
 * The matches are one union of ids, each part read through its own index: an OR of the conditions (the
 * customer's part a subquery) would make PostgreSQL read every service.
 */
export function serviceSearch(db: Knex, query: Knex.QueryBuilder, q: string): void {
  const id = idTerm(q);
  const matches = db('services').select('id').where(startsWith(db, 'username', q))
    .union((u) => { u.select('id').from('services').where(startsWith(db, 'dedicated_ip', q)); })
    .union((u) => { u.select('id').from('services').whereIn('client_id', clientsStartingWith(db, q)); });
  query.where((w) => {
    w.whereIn('services.id', matches);
    if (id !== null) w.orWhere('services.id', id);
  });
}

/**
 * The admin lists as pages and the API read them: one parse of the query string and one repository
 * search per list, so a filter works (and is refused) the same way in both.
 */
import type { Request } from 'express';
import type { Container } from '../container.js';
import type { FilterParser, ListPage, ListQuery } from '../domain/lists/list-query.js';
import type { User } from '../domain/types.js';
import type { Invoice } from '../repositories/invoices.repository.js';
import { invoiceListFilters } from '../repositories/invoices.repository.js';
import { moduleLogFilters } from '../repositories/module-log.repository.js';
import { serviceListFilters } from '../repositories/service-list.js';
import type { ServiceEntity } from '../repositories/services.repository.js';
import { clientListFilters } from '../repositories/users.repository.js';
import type { ModuleLogRow } from '../domain/types.js';
import { parseListQuery } from './list-params.js';

export interface Listed<T> {
  list: ListQuery;
  page: ListPage<T>;
}

/** Builds the list readers over the container's repositories. */
export function adminLists(c: Container) {
  return {
    async clients(req: Request): Promise<Listed<User>> {
      const list = parseListQuery(req.query, clientListFilters);
      return { list, page: await c.repos.users.searchClients(list) };
    },
    /** @param extra filters the page applies itself (the computed quota state); the search leaves them alone */
    async services(req: Request, extra: Record<string, FilterParser> = {}): Promise<Listed<ServiceEntity>> {
      const list = parseListQuery(req.query, { ...serviceListFilters, ...extra });
      return { list, page: await c.repos.services.search(list) };
    },
    async invoices(req: Request): Promise<Listed<Invoice>> {
      const list = parseListQuery(req.query, invoiceListFilters);
      return { list, page: await c.billing.invoices.search(list) };
    },
    async moduleLog(req: Request, serviceId: number): Promise<Listed<ModuleLogRow>> {
      const list = parseListQuery(req.query, moduleLogFilters);
      return { list, page: await c.repos.moduleLog.pageForService(serviceId, list) };
    },
  };
}

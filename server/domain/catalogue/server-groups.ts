/**
 * Server group commands.
 */
import { NotFoundError, ValidationError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import type { ServerGroup } from '../types.js';

/**
 * Creates a server group.
 * @throws ValidationError when the name is taken
 */
export async function createServerGroup(deps: DomainDeps, input: { name: string }): Promise<ServerGroup> {
  if (await deps.repos.serverGroups.nameTaken(input.name)) throw new ValidationError({ name: 'A server group with this name exists' });
  return deps.repos.serverGroups.create(input.name);
}

/**
 * Renames a server group.
 * @throws NotFoundError, ValidationError
 */
export async function renameServerGroup(deps: DomainDeps, id: number, input: { name: string }): Promise<ServerGroup> {
  if (!(await deps.repos.serverGroups.findById(id))) throw new NotFoundError('No such server group');
  if (await deps.repos.serverGroups.nameTaken(input.name, id)) throw new ValidationError({ name: 'A server group with this name exists' });
  await deps.repos.serverGroups.rename(id, input.name);
  return { id, name: input.name };
}

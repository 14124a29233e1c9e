/**
 * The shape of a scheduled job (style.md C7): a name, a schedule and a plain run function with an
 * explicit "now", so tests and the admin "run now" button call it directly.
 */
import type { Container } from '../container.js';

export interface JobDefinition {
  /** public, persisted name (lease and run rows): never renamed */
  name: string;
  schedule: (c: Container) => string;
  run: (c: Container, ctx: { now: Date }) => Promise<unknown>;
}

/**
 * Configuration for the knex command line. Migrations are TypeScript executed through tsx everywhere
 * (app, tests, CLI): there is no build step, so no compiled copies can shadow them.
 *   node --import tsx node_modules/knex/bin/cli.js --knexfile knexfile.ts migrate:latest
 */
import { knexConfig } from './server/db/create-db.js';

export default knexConfig(process.env.DATABASE_URL || 'sqlite:./data/portal.sqlite3');

/**
 * A second portal process for the masking test: wires the portal over DATABASE_URL with the real
 * logger on stdout, then logs lines that quote the secrets stored in that database (which this process
 * only ever read from there) and a plugin's line, and exits.
 */
import { loadConfig } from '../../server/config/load-config.js';
import { buildContainer } from '../../server/container.js';
import { createDb } from '../../server/db/create-db.js';

const config = loadConfig();
const db = createDb(config.databaseUrl);
const c = await buildContainer(config, db);
const [token, password] = [process.env.PLANTED_TOKEN ?? '', process.env.PLANTED_PASSWORD ?? ''];
c.log.info({ detail: `the panel answered: token ${token} refused`, request: { api_token: token, nested: { credentials: { pass: password } } } }, `VPN password ${password} rejected`);
c.log.error(new Error(`connect failed with ${token}`));
c.log.child({ plugin: 'puqvpncp' }).warn({ echo: password }, 'plugin line');
await db.destroy();

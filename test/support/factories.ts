/**
 * Builders for test records, going through the same domain commands the app uses.
 */
import type { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { generateApiToken, hashApiToken } from '../../server/auth/api-token.js';
import type { Container } from '../../server/container.js';
import { createProduct } from '../../server/domain/catalogue/products.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { createPendingService } from '../../server/domain/services/create-pending-service.js';
import { createClient, ensureAdmin } from '../../server/domain/users/create-user.js';

let seq = 0;
const next = () => ++seq;

export const PASSWORD = 'correct horse battery';

/** An admin with the shared test password. */
export async function buildAdmin(c: Container, email = `admin${next()}@example.test`) {
  return (await ensureAdmin(c.deps, { email, password: PASSWORD })).user;
}

/** A customer with the shared test password. */
export async function buildClient(c: Container, overrides: { email?: string; name?: string } = {}) {
  const n = next();
  return createClient(c.deps, { email: overrides.email ?? `client${n}@example.test`, name: overrides.name ?? `Client ${n}`, password: PASSWORD });
}

/** An admin API token (the plain token, as a caller sends it). */
export async function buildApiToken(c: Container): Promise<string> {
  const token = generateApiToken();
  await c.repos.apiTokens.create(`test-${next()}`, hashApiToken(token));
  return token;
}

/** A group with one server pointing at a base URL such as a fake panel's. */
export async function buildGroupWithServer(c: Container, baseUrl = 'http://127.0.0.1:9', token = 'panel-token') {
  const group = await createServerGroup(c.deps, { name: `group-${next()}` });
  const url = new URL(baseUrl);
  const server = await createServer(c.deps, { name: `server-${next()}`, hostname: url.hostname, port: Number(url.port), server_group_id: group.id, api_token: token });
  return { group, server };
}

/** A product of the puqvpncp module in a group. */
export async function buildProduct(c: Container, groupId: number, config?: unknown) {
  return createProduct(c.deps, { name: `VPN ${next()}`, server_group_id: groupId, module: 'puqvpncp', config });
}

/** A product billing download per GB (upload free), in a new group whose one server is the fake panel. */
export async function buildMeteredProduct(c: Container, panel: FakePanel, download: { price_per_gb: string; included_gb: number }) {
  const { group, server } = await buildGroupWithServer(c, panel.origin, panel.token);
  const config = defaultProductConfig();
  config.metrics.download = { enabled: true, ...download };
  return { server, product: await buildProduct(c, group.id, config) };
}

/** A pending service. */
export async function buildService(c: Container, input: { clientId: number; productId: number; serverId?: number; options?: { b_download?: number; b_upload?: number } }) {
  return createPendingService(c.deps, { client_id: input.clientId, product_id: input.productId, server_id: input.serverId, options: input.options });
}

/** An active (or suspended) service on network main of `serverId`, whose VPN client `name` exists on that server's fake panel. */
export async function buildActiveService(c: Container, panel: FakePanel, input: { clientId: number; productId: number; serverId: number; name: string; status?: 'active' | 'suspended' }): Promise<number> {
  const id = (await buildService(c, { clientId: input.clientId, productId: input.productId })).id;
  await c.repos.services.update(id, { status: input.status ?? 'active', serverId: input.serverId, username: input.name, networkName: 'main' });
  panel.seedClient({ name: input.name, network_name: 'main' });
  return id;
}

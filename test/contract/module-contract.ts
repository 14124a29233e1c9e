/**
 * The contract every provisioning module keeps with the host, as one reusable suite: it drives a module
 * only through the host's real HTTP API and pages (servers, Test Connection, products, services with the
 * module's declared options, the whole lifecycle, the customer's and the admin's service pages) against
 * the module's own fake remote. The host suite runs it for puqvpncp and for the tests' example module;
 * the example module passing it with no host change is the proof that a new panel type needs none.
 */
import { expect } from 'chai';
import request from 'supertest';
import { moduleProblems } from '../../server/plugins/module-checks.js';
import type { ProvisioningModule } from '../../server/plugins/plugin-api.js';
import { buildAdmin, buildApiToken, buildClient, PASSWORD } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, WITH_EXAMPLE_PLUGIN, type TestApp } from '../support/test-app.js';

/** A module's fake remote, started, and what the suite may ask it. */
export interface RemoteUnderTest {
  hostname: string;
  port: number;
  token: string;
  /** the server settings this remote needs (undefined: the module's defaults) */
  settings?: Record<string, unknown>;
  /** the account's state on the remote */
  account(name: string): 'absent' | 'enabled' | 'disabled';
  /** the values the remote holds for the module's options of an account */
  accountOptions(name: string): Record<string, unknown>;
  stop(): Promise<void>;
}

/** What the suite needs to know of one module. */
export interface ContractSubject {
  type: string;
  startRemote(): Promise<RemoteUnderTest>;
  /** a product settings document the module accepts */
  productConfig(): unknown;
  /** per declared option: a valid value other than the product default, and a value the module refuses */
  options: Record<string, { valid: unknown; invalid: unknown }>;
}

/** Registers the contract suite for one module. */
export function describeModuleContract(subject: ContractSubject): void {
  describe(`provisioning module contract: ${subject.type}`, () => {
    let t: TestApp;
    let remote: RemoteUnderTest;
    let token: string;
    let groupId: number;
    let module: ProvisioningModule;
    let seq = 0;
    const api = (method: 'get' | 'post' | 'put', path: string) => request(t.app)[method](path).set('Authorization', `Bearer ${token}`);

    before(async () => {
      // both modules are installed side by side, as a portal with two panel types would run them
      t = await buildTestApp({ pluginsDir: WITH_EXAMPLE_PLUGIN });
      remote = await subject.startRemote();
      token = await buildApiToken(t.c);
      groupId = await newGroup();
      module = t.c.deps.modules.provisioner(subject.type) as ProvisioningModule;
    });
    after(async () => {
      await remote.stop();
      await t.close();
    });

    const newServer = (extra: Record<string, unknown> = {}) =>
      api('post', '/api/admin/servers').send({ name: `s${++seq}`, module: subject.type, hostname: remote.hostname, port: remote.port, api_token: remote.token, server_group_id: groupId, settings: remote.settings, ...extra });
    const newGroup = async () => (await api('post', '/api/admin/server-groups').send({ name: `contract-${subject.type}-${++seq}` })).body.id as number;

    it('registers through the host with every member, and its defaults pass its own schemas', () => {
      expect(module, 'registered').to.be.an('object');
      expect(moduleProblems('contract', module)).to.deep.equal([]);
      expect(module.productSettings.safeParse(module.defaultProductSettings()).success).to.equal(true);
      expect(module.serverSettings.schema.safeParse(module.serverSettings.defaults()).success).to.equal(true);
      expect(module.serviceOptions.map((o) => o.name).sort()).to.deep.equal(Object.keys(subject.options).sort());
    });

    it('creates a server of the module with the module\'s default port and settings when none are given', async () => {
      const res = await api('post', '/api/admin/servers').send({ name: `s${++seq}`, module: subject.type, hostname: 'panel.invalid', api_token: 'x', server_group_id: groupId });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.deep.include({ module: subject.type, port: module.serverSettings.defaultPort(false), settings: module.serverSettings.defaults() });
      expect(JSON.stringify(res.body)).not.to.contain('"api_token"');
    });

    it('refuses server settings its schema refuses, naming them, and saves nothing', async () => {
      const before = await t.c.db('servers').count({ n: '*' }).first();
      const res = await newServer({ settings: { no_such_setting: 1 } });
      expect(res.status).to.equal(422);
      expect(Object.keys(res.body.fields)).to.include('settings.no_such_setting');
      expect(await t.c.db('servers').count({ n: '*' }).first()).to.deep.equal(before);
    });

    it('tests a server through its own module: details on the API, summary and facts on the page', async () => {
      const id = (await newServer()).body.id;
      const res = await api('post', `/api/admin/servers/${id}/test`);
      expect(res.body, JSON.stringify(res.body)).to.include({ ok: true });
      const result = await module.testConnection((await t.c.repos.servers.findRecord(id))!);
      expect(res.body).to.deep.equal({ ok: true, ...result.details });
      const admin = await buildAdmin(t.c);
      const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
      const page = await agent.post(`/admin/servers/${id}/test`).type('form').send({ _csrf: csrf });
      expect(page.text).to.contain('Connection successful');
      for (const fact of result.facts) expect(page.text).to.contain(fact.label);
    });

    it('reports an unreachable server as a failed test with the reason, not as an error', async () => {
      const id = (await newServer({ hostname: '127.0.0.1', port: 9 })).body.id;
      const res = await api('post', `/api/admin/servers/${id}/test`);
      expect(res.status).to.equal(200);
      expect(res.body.ok).to.equal(false);
      expect(res.body.error).to.be.a('string').and.not.equal('');
    });

    describe('a service through its whole lifecycle', () => {
      let productId: number;
      let serviceId: number;
      let name: string;
      let serverId: number;
      const optionValues = () => Object.fromEntries(Object.entries(subject.options).map(([k, v]) => [k, v.valid]));

      before(async () => {
        // a group of its own with one reachable server: the module places the service there
        const group = await newGroup();
        serverId = (await newServer({ server_group_id: group })).body.id as number;
        const product = await api('post', '/api/admin/products').send({ name: `P ${subject.type}`, server_group_id: group, module: subject.type, config: subject.productConfig() });
        expect(product.status, JSON.stringify(product.body)).to.equal(201);
        productId = product.body.id;
      });

      it('creates products with the module\'s default settings when none are given', async () => {
        const res = await api('post', '/api/admin/products').send({ name: `D ${subject.type}`, server_group_id: groupId, module: subject.type });
        expect(res.status).to.equal(201);
        expect(res.body.config).to.deep.equal(module.defaultProductSettings());
      });

      it('refuses an option value the module refuses, naming the option', async () => {
        const client = await buildClient(t.c);
        for (const [option, { invalid }] of Object.entries(subject.options)) {
          const res = await api('post', '/api/admin/services').send({ client_id: client.id, product_id: productId, options: { [option]: invalid } });
          expect(res.status, option).to.equal(422);
          expect(Object.keys(res.body.fields)).to.deep.equal([`options.${option}`]);
        }
        const unknown = await api('post', '/api/admin/services').send({ client_id: client.id, product_id: productId, options: { no_such_option: 1 } });
        expect(unknown.status).to.equal(422);
        expect(Object.keys(unknown.body.fields)).to.deep.equal(['options.no_such_option']);
      });

      it('stores the declared options and shows each in effect beside its own value', async () => {
        const client = await buildClient(t.c, { email: `owner-${subject.type}@example.test` });
        const res = await api('post', '/api/admin/services').send({ client_id: client.id, product_id: productId, options: optionValues() });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        expect(res.body).to.deep.include({ status: 'pending', options: optionValues(), ...optionValues() });
        serviceId = res.body.id;
      });

      it('creates the account on the remote with the options', async () => {
        const res = await api('post', `/api/admin/services/${serviceId}/actions/create`);
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body.service.status).to.equal('active');
        name = res.body.service.username;
        expect(name).to.be.a('string');
        expect(remote.account(name)).to.equal('enabled');
        expect(remote.accountOptions(name)).to.deep.equal(optionValues());
      });

      it('suspends and unsuspends the account', async () => {
        expect((await api('post', `/api/admin/services/${serviceId}/actions/suspend`)).body.service.status).to.equal('suspended');
        expect(remote.account(name)).to.equal('disabled');
        expect((await api('post', `/api/admin/services/${serviceId}/actions/unsuspend`)).body.service.status).to.equal('active');
        expect(remote.account(name)).to.equal('enabled');
      });

      it('returns the options to the product default and applies that to the account at once', async () => {
        const reset = Object.fromEntries(Object.keys(subject.options).map((k) => [k, null]));
        const res = await api('put', `/api/admin/services/${serviceId}/options`).send(reset);
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        const product = (await t.c.repos.products.findById(productId))!;
        const defaults = Object.fromEntries(module.serviceOptions.map((o) => [o.name, o.productDefault(product)]));
        expect(res.body).to.deep.include({ options: reset, ...defaults });
        expect(remote.accountOptions(name)).to.deep.equal(defaults);
      });

      it('shows the service on the customer\'s page and on the admin page', async () => {
        const { agent } = await loginAs(t.app, `owner-${subject.type}@example.test`, 'client', PASSWORD);
        const page = await agent.get(`/services/${serviceId}`);
        expect(page.status).to.equal(200);
        expect(page.text).to.contain(name);
        const admin = await buildAdmin(t.c);
        const { agent: adminAgent } = await loginAs(t.app, admin.email, 'admin');
        const show = await adminAgent.get(`/admin/services/${serviceId}`);
        expect(show.status).to.equal(200);
        for (const option of module.serviceOptions) expect(show.text).to.contain(`name="${option.name}"`);
      });

      it('is reconciled without a difference when the module lists accounts, and refused by name when it cannot', async () => {
        const res = await api('post', '/api/admin/reconcile').send({ server_id: serverId });
        if (!module.remoteAccounts) {
          expect(res.status).to.equal(422);
          expect(res.body.fields).to.have.property('server_id');
          return;
        }
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body.servers[0]).to.include({ server_id: serverId, complete: true, error: null });
        expect(res.body.findings).to.deep.equal([]);
      });

      it('terminates the account', async () => {
        const res = await api('post', `/api/admin/services/${serviceId}/actions/terminate`);
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body.service.status).to.equal('terminated');
        expect(remote.account(name)).to.equal('absent');
      });
    });
  });
}

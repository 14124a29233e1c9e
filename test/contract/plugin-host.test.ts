import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knex from 'knex';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { ConfigError } from '../../server/errors.js';
import { createLogger } from '../../server/logger.js';
import { HOST_API_VERSION, type HostData, type PluginTables, type PortalPlugin, type ProvisioningModule } from '../../server/plugins/plugin-api.js';
import { loadPlugins, registerPlugins } from '../../server/plugins/plugin-host.js';

const LIFECYCLE = ['defaultProductSettings', 'testConnection', 'create', 'suspend', 'unsuspend', 'terminate', 'changePackage'] as const;

/** Host data that fails loudly: registering a plugin must not read or write any record. */
const untouchedData: HostData = new Proxy({} as HostData, {
  get: (_t, name) => () => {
    throw new Error(`plugin registration used host data ${String(name)}()`);
  },
});

// never queried: registering a plugin reads no table (knex connects only on a first query)
const unusedDb = knex({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
const ctx = () => ({ log: createLogger('silent'), clock: () => new Date('2026-11-27T10:00:00Z'), data: untouchedData, db: unusedDb });

const anySchema = { safeParse: () => ({ success: true, data: {} }) } as unknown as ProvisioningModule['productSettings'];

/** A provisioning module with every required member. */
function completeModule(type: string): ProvisioningModule {
  const fail = async (): Promise<never> => {
    throw new Error('not called');
  };
  return {
    type,
    productSettings: anySchema,
    defaultProductSettings: () => ({}),
    serverSettings: { defaultPort: () => 1, defaultTimeouts: { connectMs: 1, responseMs: 1 }, schema: anySchema, defaults: () => ({}), fields: [] },
    serviceOptions: [],
    testConnection: async () => ({ ok: false, summary: 'x', facts: [] }),
    create: fail,
    suspend: fail,
    unsuspend: fail,
    terminate: fail,
    changePackage: fail,
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  expect.fail('the host accepted broken plugins');
}

describe('plugin host', () => {
  it('loads the real plugins/ directory and registers the puqvpncp provisioner with every method', async () => {
    const loaded = await loadPlugins(path.join(PROJECT_ROOT, 'plugins'), ctx());
    expect(loaded.manifests.map((m) => m.id)).to.include('puqvpncp');
    const module = loaded.modules.provisioner('puqvpncp');
    expect(module, 'puqvpncp provisioner').to.be.an('object');
    expect(module!.type).to.equal('puqvpncp');
    for (const method of LIFECYCLE) expect(module![method], method).to.be.a('function');
    expect(module!.productSettings.safeParse).to.be.a('function');
    // the defaults of a new product pass the module's own settings schema
    expect(module!.productSettings.safeParse(module!.defaultProductSettings()).success).to.equal(true);
  });

  it('matches every plugin.json under plugins/ with a loaded manifest of the host API version', async () => {
    const dirs = fs.readdirSync(path.join(PROJECT_ROOT, 'plugins')).filter((d) => fs.existsSync(path.join(PROJECT_ROOT, 'plugins', d, 'plugin.json')));
    const loaded = await loadPlugins(path.join(PROJECT_ROOT, 'plugins'), ctx());
    expect(loaded.manifests.map((m) => m.id).sort()).to.deep.equal(dirs.map((d) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'plugins', d, 'plugin.json'), 'utf8')).id).sort());
    for (const m of loaded.manifests) expect(m.hostApi).to.equal(HOST_API_VERSION);
  });

  it('reports every problem of several broken plugins in one ConfigError', async () => {
    const { create: _create, terminate: _terminate, ...incomplete } = completeModule('halfdone');
    const plugins: { where: string; plugin: PortalPlugin }[] = [
      { where: 'plugins/Bad-Id', plugin: { manifest: { id: 'Bad-Id', name: 'Bad id', hostApi: HOST_API_VERSION }, register: () => undefined } },
      { where: 'plugins/old', plugin: { manifest: { id: 'old', name: 'Old', hostApi: 0 }, register: () => undefined } },
      { where: 'plugins/noname', plugin: { manifest: { id: 'noname', name: ' ', hostApi: HOST_API_VERSION }, register: () => undefined } },
      { where: 'plugins/noregister', plugin: { manifest: { id: 'noregister', name: 'No register', hostApi: HOST_API_VERSION } } as unknown as PortalPlugin },
      { where: 'plugins/half', plugin: { manifest: { id: 'half', name: 'Half', hostApi: HOST_API_VERSION }, register: (host) => host.provisioner(incomplete as unknown as ProvisioningModule) } },
      { where: 'plugins/first', plugin: { manifest: { id: 'first', name: 'First', hostApi: HOST_API_VERSION }, register: (host) => host.provisioner(completeModule('shared')) } },
      { where: 'plugins/second', plugin: { manifest: { id: 'second', name: 'Second', hostApi: HOST_API_VERSION }, register: (host) => host.provisioner(completeModule('shared')) } },
      { where: 'plugins/copy', plugin: { manifest: { id: 'first', name: 'Copy', hostApi: HOST_API_VERSION }, register: () => undefined } },
      { where: 'plugins/meter', plugin: { manifest: { id: 'meter', name: 'Meter', hostApi: HOST_API_VERSION }, register: (host) => host.usageMeter({ type: 'm' } as never) } },
      {
        where: 'plugins/crash',
        plugin: {
          manifest: { id: 'crash', name: 'Crash', hostApi: HOST_API_VERSION },
          register: () => {
            throw new Error('settings file missing');
          },
        },
      },
    ];
    const error = await rejection(registerPlugins(plugins, ctx()));
    const text = error.problems.join('\n');
    expect(text).to.match(/plugins\/Bad-Id: manifest id must match/);
    expect(text).to.match(/plugins\/old: written for host API 0, this portal provides 2/);
    expect(text).to.match(/plugins\/noname: manifest name is required/);
    expect(text).to.match(/plugins\/noregister: .*register\(\)/);
    expect(text).to.match(/plugins\/half: provisioner method create\(\) is missing/);
    expect(text).to.match(/plugins\/half: provisioner method terminate\(\) is missing/);
    expect(text).to.match(/plugins\/second: provisioner type "shared" is registered twice/);
    expect(text).to.match(/plugins\/copy: plugin id "first" is used twice/);
    expect(text).to.match(/plugins\/meter: usage meter "m" lacks/);
    expect(text).to.match(/plugins\/crash: .*settings file missing/);
    expect(error.problems).to.have.length(10);
    for (const line of error.problems) expect(line).not.to.contain('\n');
  });

  it('registers working fake plugins alongside each other', async () => {
    const loaded = await registerPlugins(
      [
        { where: 'plugins/one', plugin: { manifest: { id: 'one', name: 'One', hostApi: HOST_API_VERSION }, register: (host) => host.provisioner(completeModule('one')) } },
        { where: 'plugins/two', plugin: { manifest: { id: 'two', name: 'Two', hostApi: HOST_API_VERSION }, register: (host) => { host.provisioner(completeModule('two')); host.addViews('/tmp/two-views'); } } },
      ],
      ctx(),
    );
    expect(loaded.modules.types()).to.deep.equal(['one', 'two']);
    expect(loaded.viewDirs).to.deep.equal(['/tmp/two-views']);
  });

  it('calls validateConfig with the environment and hands what it returned to register()', async () => {
    let seen: unknown = null;
    const plugin: PortalPlugin<{ level: string }> = {
      manifest: { id: 'cfg', name: 'Config', hostApi: HOST_API_VERSION },
      validateConfig: (env) => ({ level: env.CFG_LEVEL ?? 'none' }),
      register: (host) => {
        seen = host.config;
      },
    };
    await registerPlugins([{ where: 'plugins/cfg', plugin: plugin as PortalPlugin }], { ...ctx(), env: { CFG_LEVEL: 'high' } });
    expect(seen).to.deep.equal({ level: 'high' });
  });

  it('hands a plugin only its own tables, named <plugin id>_<name>', async () => {
    let tables: PluginTables | null = null;
    await registerPlugins([{ where: 'plugins/one', plugin: { manifest: { id: 'one', name: 'One', hostApi: HOST_API_VERSION }, register: (host) => void (tables = host.tables) } }], ctx());
    expect(tables!.table('speed_presets').select('*').toString()).to.equal('select * from `one_speed_presets`');
    for (const name of ['users', 'Users', 'x; drop table users', '../users']) {
      if (name === 'users') expect(tables!.table(name).toString()).to.contain('`one_users`');
      else expect(() => tables!.table(name), name).to.throw(/not a table name/);
    }
  });

  describe('loading from a directory', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpncp-plugins-'));
      // like the project's own plugins/, the folder is ESM; without this tsx would load index.ts as CommonJS
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
      // no index.ts at all
      fs.mkdirSync(path.join(dir, 'noindex'));
      fs.writeFileSync(path.join(dir, 'noindex', 'plugin.json'), JSON.stringify({ id: 'noindex', name: 'No index', hostApi: 2 }));
      // index.ts says another id than plugin.json
      fs.mkdirSync(path.join(dir, 'mismatch'));
      fs.writeFileSync(path.join(dir, 'mismatch', 'plugin.json'), JSON.stringify({ id: 'mismatch', name: 'Mismatch', hostApi: 2 }));
      fs.writeFileSync(path.join(dir, 'mismatch', 'index.ts'), "export default { manifest: { id: 'other', name: 'Other', hostApi: 2 }, register() {} };\n");
      // a broken manifest file
      fs.mkdirSync(path.join(dir, 'badjson'));
      fs.writeFileSync(path.join(dir, 'badjson', 'plugin.json'), '{ "id": ');
      // a folder without plugin.json is not a plugin
      fs.mkdirSync(path.join(dir, 'assets'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports every plugin that cannot be loaded in one ConfigError', async () => {
      const error = await rejection(loadPlugins(dir, ctx()));
      const text = error.problems.join('\n');
      expect(text).to.contain('plugins/noindex: cannot be loaded');
      expect(text).to.contain('plugins/mismatch: index.ts manifest does not match plugin.json');
      expect(text).to.contain('plugins/badjson: cannot be loaded');
      expect(text).not.to.contain('assets');
      expect(error.problems).to.have.length(3);
    });
  });
});

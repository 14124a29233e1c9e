import { expect } from 'chai';
import {
  NoDeployablePairError, describePlacement, selectPlacement, type PlacementProbe, type SlotUsage,
} from '../../../../plugins/puqvpncp/server/network-selection.js';
import { ConflictError } from '../../../../server/errors.js';

interface FakeWorld {
  names: Record<number, string>;
  slots: Record<number, SlotUsage | Error | 'throw'>;
  ips: Record<string, number | Error | 'throw'>;
}

/** A probe over an in-memory world that records every call in order. */
function fakeProbe(world: FakeWorld): PlacementProbe & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async serverSlots(id) {
      calls.push(`slots:${id}`);
      const v = world.slots[id];
      if (v === 'throw') throw new Error(`server ${id} timed out`);
      return v;
    },
    async freeIps(id, network) {
      calls.push(`ips:${id}/${network}`);
      const v = world.ips[`${id}/${network}`];
      if (v === 'throw') throw new Error('Network not found');
      return v;
    },
    serverName: (id) => world.names[id],
  };
}

const NAMES = { 1: 'Warsaw', 2: 'Frankfurt', 3: 'Amsterdam' };

describe('network-selection', () => {
  describe('selectPlacement', () => {
    it('skips a server whose panel is still starting, with that reason, and probes none of its networks', async () => {
      const probe = fakeProbe({ names: NAMES, slots: { 2: { used: 0, total: 10, notReady: 'the panel is still starting ("Loading (1/7)")' }, 1: { used: 0, total: 10 } }, ips: { '1/waw-1': 4 } });
      const placement = await selectPlacement([{ server_id: 2, network: 'fra-1' }, { server_id: 1, network: 'waw-1' }], probe);
      expect(placement).to.deep.include({ kind: 'pair', serverId: 1 });
      if (placement.kind !== 'pair') throw new Error('expected a pair');
      expect(placement.verdicts[0].reason).to.equal('not deployable: the panel is still starting ("Loading (1/7)")');
      expect(probe.calls).to.deep.equal(['slots:2', 'slots:1', 'ips:1/waw-1']);
    });

    it('returns none-ticked without probing when no pairs are ticked', async () => {
      const probe = fakeProbe({ names: NAMES, slots: {}, ips: {} });
      expect(await selectPlacement([], probe)).to.deep.equal({ kind: 'none-ticked' });
      expect(probe.calls).to.deep.equal([]);
    });

    it('picks the first pair and probes nothing after it when the first pair is deployable', async () => {
      const probe = fakeProbe({ names: NAMES, slots: { 2: { used: 3, total: 10 }, 1: { used: 0, total: 10 } }, ips: { '2/fra-1': 5, '1/waw-1': 9 } });
      const placement = await selectPlacement([{ server_id: 2, network: 'fra-1' }, { server_id: 1, network: 'waw-1' }], probe);
      expect(placement).to.deep.include({ kind: 'pair', serverId: 2, serverName: 'Frankfurt', network: 'fra-1' });
      expect(probe.calls).to.deep.equal(['slots:2', 'ips:2/fra-1']);
    });

    it('falls through to the next pair when the first server has no licence slot', async () => {
      const probe = fakeProbe({ names: NAMES, slots: { 2: { used: 200, total: 200 }, 1: { used: 1, total: 50 } }, ips: { '1/waw-1': 1 } });
      const placement = await selectPlacement([{ server_id: 2, network: 'fra-1' }, { server_id: 1, network: 'waw-1' }], probe);
      expect(placement.kind === 'pair' && placement.verdicts.map((v) => [v.deployable, v.reason])).to.deep.equal([
        [false, 'no licence slots (200/200)'], [true, 'free (1/50 slots, 1 free IP)'],
      ]);
      expect(probe.calls).to.deep.equal(['slots:2', 'slots:1', 'ips:1/waw-1']);
    });

    it('probes a server\'s slots once when it has several pairs', async () => {
      const probe = fakeProbe({ names: NAMES, slots: { 2: { used: 0, total: 5 } }, ips: { '2/fra-1': 0, '2/fra-2': 0, '2/fra-3': 4 } });
      const placement = await selectPlacement(
        [{ server_id: 2, network: 'fra-1' }, { server_id: 2, network: 'fra-2' }, { server_id: 2, network: 'fra-3' }], probe);
      expect(placement).to.deep.include({ kind: 'pair', serverId: 2, network: 'fra-3' });
      expect(probe.calls).to.deep.equal(['slots:2', 'ips:2/fra-1', 'ips:2/fra-2', 'ips:2/fra-3']);
    });

    it('skips the IP probe when the server has no free slot', async () => {
      const probe = fakeProbe({ names: NAMES, slots: { 2: { used: 5, total: 5 }, 3: { used: 0, total: 1 } }, ips: { '3/ams-1': 1 } });
      await selectPlacement([{ server_id: 2, network: 'fra-1' }, { server_id: 2, network: 'fra-2' }, { server_id: 3, network: 'ams-1' }], probe);
      expect(probe.calls).to.deep.equal(['slots:2', 'slots:3', 'ips:3/ams-1']);
    });

    it('throws a 409 listing every verdict when no pair is deployable', async () => {
      const probe = fakeProbe({ names: NAMES, slots: { 2: { used: 200, total: 200 }, 1: { used: 0, total: 50 } }, ips: { '1/waw-1': 0 } });
      const err = await selectPlacement([{ server_id: 2, network: 'fra-1' }, { server_id: 1, network: 'waw-1' }], probe)
        .then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(NoDeployablePairError).and.instanceOf(ConflictError);
      expect(err).to.include({ status: 409, code: 'no_deployable_pair' });
      expect((err as Error).message).to.equal(
        'No ticked server/network pair can take a new client: Frankfurt/fra-1: no licence slots (200/200); Warsaw/waw-1: no free IP');
    });

    it('turns a thrown or returned panel error into a verdict when a probe fails', async () => {
      const probe = fakeProbe({
        names: NAMES,
        slots: { 2: 'throw', 1: { used: 0, total: 9 }, 3: new Error('the panel refused the API token') },
        ips: { '1/waw-1': 'throw' },
      });
      const err = await selectPlacement(
        [{ server_id: 2, network: 'fra-1' }, { server_id: 1, network: 'waw-1' }, { server_id: 3, network: 'ams-1' }], probe)
        .then(() => null, (e: unknown) => e as NoDeployablePairError);
      expect(err!.verdicts.map((v) => v.reason)).to.deep.equal([
        'panel error: server 2 timed out', 'panel error: Network not found', 'panel error: the panel refused the API token',
      ]);
    });

    it('lets a later pair win when an earlier server\'s panel is down', async () => {
      const probe = fakeProbe({ names: NAMES, slots: { 2: 'throw', 1: { used: 0, total: 9 } }, ips: { '1/waw-1': 3 } });
      const placement = await selectPlacement([{ server_id: 2, network: 'fra-1' }, { server_id: 1, network: 'waw-1' }], probe);
      expect(placement).to.deep.include({ kind: 'pair', serverId: 1, network: 'waw-1' });
    });

    it('names a server by its id when the probe does not know its name', async () => {
      const probe = fakeProbe({ names: {}, slots: { 9: { used: 1, total: 1 } }, ips: {} });
      const err = await selectPlacement([{ server_id: 9, network: 'x' }], probe).then(() => null, (e: unknown) => e as Error);
      expect(err!.message).to.match(/server #9\/x: no licence slots \(1\/1\)$/);
    });
  });

  describe('describePlacement', () => {
    it('names the server and network when a pair wins', () => {
      expect(describePlacement({ kind: 'pair', serverId: 2, serverName: 'Frankfurt', network: 'fra-1', verdicts: [] }))
        .to.equal('The next service would be created on Frankfurt / fra-1.');
    });

    it('says the panel decides when no pair is ticked', () => {
      expect(describePlacement({ kind: 'none-ticked' })).to.equal("No network is ticked: the panel of the service's assigned server picks the network.");
    });

    it('lists the verdicts when no pair is deployable', () => {
      const err = new NoDeployablePairError([{ serverId: 1, serverName: 'Warsaw', network: 'waw-1', deployable: false, reason: 'no free IP' }]);
      expect(describePlacement(err)).to.equal('No ticked pair can take a new service right now: Warsaw/waw-1: no free IP.');
    });
  });
});

/**
 * Benchmark: 200 simultaneous creates on one fake panel with 100 licence slots, through the real domain
 * command, on SQLite and (when it answers) PostgreSQL. Prints the time and the invariant's figures;
 * exits non-zero when the invariant does not hold.
 *   node --import tsx test/bench/provisioning.bench.ts
 */
import { createDb } from '../../server/db/create-db.js';
import { runProvisioningRace, type RaceOutcome } from '../plugins/puqvpncp/provisioning-race.js';
import { freshDatabase, PG_URL } from '../support/test-db.js';

const SERVICES = 200;
const SLOTS = 100;

async function postgresAnswers(): Promise<boolean> {
  const db = createDb(PG_URL, { poolMax: 1 });
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await db.destroy();
  }
}

function report(label: string, o: RaceOutcome): boolean {
  const unique = new Set(o.storedNames).size === o.storedNames.length;
  const holds = o.active === o.slots && o.failedForSlots === o.services - o.slots && o.otherFailures.length === 0 && unique && o.orphans.length === 0 && o.missing.length === 0;
  console.log(
    `provisioning race [${label}]: ${o.services} creates on ${o.slots} slots in ${o.durationMs} ms ` +
      `(${(o.durationMs / o.services).toFixed(1)} ms per create, ${Math.round((o.services * 1000) / o.durationMs)} creates/s); ` +
      `active ${o.active}, failed for slots ${o.failedForSlots}, other failures ${o.otherFailures.length}, ` +
      `names unique ${unique} (${o.suffixed} suffixed), orphans ${o.orphans.length}, missing ${o.missing.length} -> invariant ${holds ? 'holds' : 'BROKEN'}`,
  );
  for (const failure of o.otherFailures.slice(0, 5)) console.log(`  other failure: ${failure}`);
  return holds;
}

let ok = report('sqlite', await runProvisioningRace(await freshDatabase({ dialect: 'sqlite' }), { services: SERVICES, slots: SLOTS }));
if (await postgresAnswers()) ok = report('postgresql', await runProvisioningRace(await freshDatabase({ dialect: 'pg' }), { services: SERVICES, slots: SLOTS })) && ok;
else console.log(`provisioning race [postgresql]: skipped, PostgreSQL does not answer at ${PG_URL}`);
process.exit(ok ? 0 : 1);

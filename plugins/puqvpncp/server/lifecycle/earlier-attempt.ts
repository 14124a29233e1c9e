/**
 * The lost-answer case: an earlier create recorded its intent (server and name) and sent the POST, but
 * the answer never came back, so the client may or may not exist. A retry looks the name up first, so
 * it finishes that client instead of leaving it orphaned or creating a duplicate.
 */
import { AppError } from '../../../../server/plugins/plugin-api.js';
import { PanelRejectedError } from '../panel/panel-errors.js';
import type { PanelVpnClient } from '../panel/panel-types.js';
import { lifecyclePanel, recordedClient, type LifecycleRun, type RemoteClient } from './lifecycle-panel.js';

/** A client an earlier attempt of this service created. */
export interface EarlierClient {
  remote: RemoteClient;
  client: PanelVpnClient;
}

/**
 * Looks up the client an earlier create of this service may have left on its recorded server.
 * @returns the client, or null when no intent was recorded or the panel does not have it
 * @throws AppError (the panel's 502/504) when the panel cannot say: creating anything now could orphan it
 */
export async function findEarlierClient(run: LifecycleRun): Promise<EarlierClient | null> {
  const remote = recordedClient(run.ctx);
  if (!remote) return null;
  try {
    const client = await lifecyclePanel(run, remote.server, 'create').getClient(remote.name);
    return { remote, client };
  } catch (err) {
    if (err instanceof PanelRejectedError && err.isNotFound()) return null;
    if (!(err instanceof AppError)) throw err;
    throw new AppError(
      err.status,
      err.code,
      `Cannot tell whether an earlier attempt already created "${remote.name}" on ${remote.server.name}, so nothing new was created: ${err.message}`,
      { cause: err },
    );
  }
}

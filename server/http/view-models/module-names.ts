/**
 * A module as admins read it: by its plugin's display name (plugin.json `name`, "PUQ VPNcp"), not its
 * type ("puqvpncp"); a module whose plugin id differs from its type is shown by its type.
 */
import type { PluginManifest } from '../../plugins/plugin-api.js';

/** type → display name, for every loaded plugin. */
export function moduleNames(manifests: readonly PluginManifest[]): (type: string) => string {
  const names = new Map(manifests.map((m) => [m.id, m.name]));
  return (type) => names.get(type) ?? type;
}

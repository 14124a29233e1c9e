/**
 * The wire shapes of the puqVPNcp panel API (shared/docs/panel-api.md), parsed with zod at the boundary.
 * Many fields are "adopted" rather than documented, so every wire detail lives here and in panel-client.ts:
 * a correction after meeting a live panel touches these two files only.
 */
import { z } from 'zod';
import { regexes } from 'zod/v4/core';

const count = z.number().int().nonnegative();
const isoDay = z.iso.date();

/** The success envelope; `data` is parsed separately by the endpoint's own schema. */
export const okEnvelopeSchema = z.object({
  result: z.literal('OK'),
  message: z.string().optional(),
  data: z.unknown(),
});

/**
 * The error envelope. Field reasons may come as one string or a list; an empty `errors` may come as `[]`
 * (what PHP's json_encode makes of an empty array). Everything is kept as field → one line.
 */
export const errorEnvelopeSchema = z.object({
  result: z.string(),
  message: z.string(),
  errors: z
    .union([z.record(z.string(), z.union([z.string(), z.array(z.string())])), z.array(z.string())])
    .nullish()
    .transform((errors): Record<string, string> => {
      const entries = Array.isArray(errors) ? errors.map((why, i) => [String(i), why] as const) : Object.entries(errors ?? {});
      return Object.fromEntries(entries.map(([field, why]) => [field, Array.isArray(why) ? why.join('; ') : why]));
    }),
});
export type PanelErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** Endpoint 1, `GET /system/status`; a slot is free while count_accounts < count_accounts_available. */
export const systemStatusSchema = z.object({
  version: z.string(),
  count_accounts: count,
  count_accounts_available: count,
  status: z.string(),
});
export type PanelSystemStatus = z.infer<typeof systemStatusSchema>;

/** Endpoint 2, `GET /license`. */
export const licenseSchema = z.object({
  key: z.string(),
  valid: z.boolean(),
  accounts: count,
  expiration_date: isoDay,
});
export type PanelLicense = z.infer<typeof licenseSchema>;

/** A network as endpoints 3 and 4 return it; bandwidth in Mbit/s, 0 = unlimited. */
export const networkSchema = z.object({
  name: z.string(),
  description: z.string(),
  subnet: z.string(),
  wireguard: z.boolean(),
  amneziawg: z.boolean(),
  openvpn: z.boolean(),
  ikev2: z.boolean(),
  bandwidth_download: count,
  bandwidth_upload: count,
});
export type PanelNetwork = z.infer<typeof networkSchema>;
/** Endpoint 3: every network of the panel. */
export const networkListSchema = z.array(networkSchema);

/** Endpoint 5: the free IPv4 addresses of a network, possibly none. */
export const availableIpsSchema = z.array(z.ipv4());

/** The VPN client as endpoints 6, 7 and 9 return it; username and password are panel-generated. */
export const clientSchema = z.object({
  name: z.string(),
  network_name: z.string(),
  ipv4: z.ipv4(),
  username: z.string(),
  password: z.string(),
  status: z.enum(['enable', 'disable']),
  b_download: count,
  b_upload: count,
});
export type PanelClient = z.infer<typeof clientSchema>;

/** Body of `POST /client`; without network_name the panel picks the network itself. */
export interface CreateClientInput {
  name: string;
  network_name?: string;
}

/** Body of `PUT /client/{name}`; bandwidth in Mbit/s, 0 = unlimited. */
export interface UpdateClientInput {
  b_download?: number;
  b_upload?: number;
  status?: 'enable' | 'disable';
}

/** Endpoint 8 answers `data: null`. */
export const deletedSchema = z.null();

/** The protocols a panel network can offer. */
export const vpnProtocolSchema = z.enum(['wireguard', 'amneziawg', 'openvpn', 'ikev2']);
export type VpnProtocol = z.infer<typeof vpnProtocolSchema>;

/** One row of endpoint 10; the handshake stays a plain string because only the admin view shows it. */
export const sessionRowSchema = z.object({
  name: z.string(),
  protocol: vpnProtocolSchema,
  network: z.string(),
  ip: z.string(),
  endpoint: z.string(),
  latest_handshake: z.string(),
  transfer_rx: count,
  transfer_tx: count,
});
export type PanelSessionRow = z.infer<typeof sessionRowSchema>;
/** Endpoint 10; an empty list means "nobody online" (the original module once took it for a failure). */
export const sessionListSchema = z.array(sessionRowSchema);

/** Endpoints 11 and 15: a WireGuard or AmneziaWG `.conf`. */
export const configTextSchema = z.object({ config: z.string().min(1) });

/** Endpoints 12 and 16: a QR code of the config as a PNG data URL. */
export const qrSchema = z.object({ qr: z.string().startsWith('data:image/png;base64,') });

/** Endpoint 13: an OpenVPN `.ovpn` profile. */
export const openvpnProfileSchema = z.object({ profile: z.string().min(1) });

/** Endpoint 14: a strongSwan `.sswan` profile (documented keys). */
export const ikev2ProfileSchema = z.object({
  profile: z.object({
    uuid: z.string(),
    name: z.string(),
    type: z.literal('ikev2-eap'),
    remote: z.object({ addr: z.string(), id: z.string(), cert: z.string() }),
    local: z.object({ eap_id: z.string() }),
  }),
});
export type PanelIkev2Profile = z.infer<typeof ikev2ProfileSchema>['profile'];

/** Endpoint 17: a one-time download link for the client's configs. */
export const oneTimeLinkSchema = z.object({ url: z.url({ protocol: /^https?$/ }) });

/** One day of endpoint 18, absolute bytes. */
export const trafficRowSchema = z.object({
  date: isoDay,
  traffic_download: count,
  traffic_upload: count,
});
export type PanelTrafficRow = z.infer<typeof trafficRowSchema>;
/** Endpoint 18: one row per day that has data. */
export const trafficListSchema = z.array(trafficRowSchema);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * trafficListSchema by hand, for the daily pull's thousands of calls (zod costs several times more):
 * the same rows zod would return (only the three fields), or undefined for anything zod might refuse,
 * which then goes through the schema so that the refusal is worded as for every other endpoint.
 * @param data the envelope's `data`, as JSON.parse made it
 */
export function parseTrafficList(data: unknown): PanelTrafficRow[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const rows: PanelTrafficRow[] = [];
  for (const row of data as unknown[]) {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
    const { date, traffic_download, traffic_upload } = row as Record<string, unknown>;
    // zod's own z.iso.date() pattern: real calendar days only, leap years included
    if (typeof date !== 'string' || !regexes.date.test(date) || !isCount(traffic_download) || !isCount(traffic_upload)) return undefined;
    rows.push({ date, traffic_download, traffic_upload });
  }
  return rows;
}

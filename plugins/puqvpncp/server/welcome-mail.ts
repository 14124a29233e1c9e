/**
 * The welcome email's contents (ProvisioningModule.welcomeMailContent), as the original module's v4
 * mail: the VPN client name, the panel's username and the password (unless the product shows it never),
 * the setup-guide link, and for each protocol the client's network enables its config as an attachment
 * (<client>.conf, <client>-awg.conf, <client>.ovpn, <client>.sswan) with the WireGuard and AmneziaWG QR
 * codes inline. Read from the panel when the mail is delivered: a panel that does not answer fails this
 * try, and the host composes the mail again on the next one. The host renders and sends it.
 */
import type { MailFile, PluginHost, ServiceContext, WelcomeMailContent } from '../../../server/plugins/plugin-api.js';
import { sswanText } from './client-area/live-panel.js';
import { PROTOCOL_LABELS } from './client-area/status-view.js';
import { configFileName, enabledProtocols } from './client-area/vpn-client-view.js';
import { PanelClient } from './panel/panel-client.js';
import type { VpnProtocol } from './panel/panel-types.js';
import type { ProductConfig } from './product-config.js';

/** The whole composition, every panel call included: well inside the host's budget for a delivery. */
export const WELCOME_DEADLINE_MS = 15_000;

const CONTENT_TYPES: Record<VpnProtocol, string> = {
  wireguard: 'text/plain; charset=utf-8',
  amneziawg: 'text/plain; charset=utf-8',
  openvpn: 'application/x-openvpn-profile',
  ikev2: 'application/vnd.strongswan.profile',
};

const HOW_TO_OPEN: Record<VpnProtocol, (file: string) => string> = {
  wireguard: (f) => `WireGuard: import ${f} in the WireGuard app, or scan the WireGuard QR code below with it.`,
  amneziawg: (f) => `AmneziaWG: import ${f} in the AmneziaVPN (or AmneziaWG) app, or scan its QR code below.`,
  openvpn: (f) => `OpenVPN: open ${f} with OpenVPN Connect; sign in with the username and password above.`,
  ikev2: (f) => `IKEv2: import ${f} in the strongSwan VPN client; sign in with the username and password above.`,
};

/** A PNG data URL as bytes. */
function pngOf(dataUrl: string): Buffer | null {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  return match ? Buffer.from(match[1], 'base64') : null;
}

async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the VPN panel did not answer within ${ms / 1000} s`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Builds the module method.
 * @param host for the stored password (the customer's own) and the clock
 */
export function welcomeMail(host: Pick<PluginHost, 'data'>): { sendsWelcomeMail: (product: { config: unknown }) => boolean; welcomeMailContent: (ctx: ServiceContext) => Promise<WelcomeMailContent> } {
  return {
    sendsWelcomeMail: (product) => (product.config as ProductConfig).welcome_email === true,
    welcomeMailContent: (ctx) => within(read(host, ctx), WELCOME_DEADLINE_MS),
  };
}

async function read(host: Pick<PluginHost, 'data'>, ctx: ServiceContext): Promise<WelcomeMailContent> {
  const { service, server } = ctx;
  const name = service.username;
  if (!server || !name) throw new Error(`service #${service.id} has no VPN client yet`);
  const config = ctx.product.config as ProductConfig;
  const panel = new PanelClient(server, { log: (entry) => (entry.error ? ctx.log(entry) : Promise.resolve()), action: 'welcomeMail' });
  const record = await panel.getClient(name);
  const network = await panel.network(service.networkName ?? record.network_name);
  const protocols = enabledProtocols(network);
  const texts: Record<VpnProtocol, () => Promise<string>> = {
    wireguard: () => panel.wireguardConfig(name),
    amneziawg: () => panel.amneziawgConfig(name),
    openvpn: () => panel.openvpnProfile(name),
    ikev2: async () => sswanText(await panel.ikev2Profile(name)),
  };
  const attachments: MailFile[] = [];
  for (const protocol of protocols) attachments.push({ filename: configFileName(name, protocol), contentType: CONTENT_TYPES[protocol], content: Buffer.from(await texts[protocol](), 'utf8') });
  const inlineImages: WelcomeMailContent['inlineImages'] = [];
  for (const protocol of protocols.filter((p): p is 'wireguard' | 'amneziawg' => p === 'wireguard' || p === 'amneziawg')) {
    const png = pngOf(protocol === 'wireguard' ? await panel.wireguardQr(name) : await panel.amneziawgQr(name));
    if (png) inlineImages.push({ filename: `${configFileName(name, protocol).replace(/\.conf$/, '')}-qr.png`, contentType: 'image/png', content: png, caption: `${PROTOCOL_LABELS[protocol]} QR code` });
  }
  const password = config.show_password === 'no' ? null : ((await host.data.servicePassword(service.id)) ?? record.password);
  const facts = [
    { label: 'VPN client', value: name },
    { label: 'VPN IP address', value: record.ipv4 },
    { label: 'Username', value: record.username },
    ...(password ? [{ label: 'Password', value: password }] : []),
    { label: 'Protocols', value: protocols.map((p) => PROTOCOL_LABELS[p]).join(', ') || 'none enabled yet' },
  ];
  const links = config.instruction_url ? [{ label: 'How to connect (setup guide)', url: config.instruction_url }] : [];
  const notes = protocols.map((p) => HOW_TO_OPEN[p](configFileName(name, p)));
  return { facts, links, notes, attachments, inlineImages };
}

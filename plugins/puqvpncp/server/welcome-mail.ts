/**
 * The welcome email's contents (ProvisioningModule.welcomeMailContent), as the original module's v4
 * mail: the VPN client name, the panel's username and the password (unless the product shows it never),
 * the setup-guide link, and for each protocol the client's network enables its config as an attachment
 * (<client>.conf, <client>-awg.conf, <client>.ovpn, <client>.sswan) with the WireGuard and AmneziaWG QR
 * codes inline. Read from the panel when the mail is delivered: a panel that does not answer fails this
 * try, and the host composes the mail again on the next one. The whole read keeps to the installation's
 * action budget (ACTION_BUDGET_MS). The host renders and sends the mail.
 */
import { ConflictError, type Locale, type MailFile, type PluginHost, type ServiceContext, type WelcomeMailContent } from '../../../server/plugins/plugin-api.js';
import { sswanText } from './client-area/live-panel.js';
import { PROTOCOL_LABELS } from './client-area/status-view.js';
import { configFileName, enabledProtocols } from './client-area/vpn-client-view.js';
import { actionBudget, panelFor, withinBudget, type PanelSettings } from './panel/panel-policy.js';
import type { VpnProtocol } from './panel/panel-types.js';
import type { ProductConfig } from './product-config.js';

const CONTENT_TYPES: Record<VpnProtocol, string> = {
  wireguard: 'text/plain; charset=utf-8',
  amneziawg: 'text/plain; charset=utf-8',
  openvpn: 'application/x-openvpn-profile',
  ikev2: 'application/vnd.strongswan.profile',
};

/** A PNG data URL as bytes. */
function pngOf(dataUrl: string): Buffer | null {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  return match ? Buffer.from(match[1], 'base64') : null;
}

/**
 * Builds the module's two welcome-email members.
 * @param host for the stored password (the customer's own)
 * @param settings the installation's budgets (the composition is bounded like an admin action) and limits
 */
export function welcomeMail(host: Pick<PluginHost, 'data'>, settings: PanelSettings): { sendsWelcomeMail: (product: { config: unknown }) => boolean; welcomeMailContent: (ctx: ServiceContext, locale: Locale) => Promise<WelcomeMailContent> } {
  return {
    sendsWelcomeMail: (product) => (product.config as ProductConfig).welcome_email === true,
    welcomeMailContent: (ctx, locale) => read(host, settings, ctx, locale),
  };
}

async function read(host: Pick<PluginHost, 'data'>, settings: PanelSettings, ctx: ServiceContext, locale: Locale): Promise<WelcomeMailContent> {
  const { service, server } = ctx;
  const name = service.username;
  if (!server || !name) throw new ConflictError(`Service #${service.id} has no VPN client yet`, 'not_provisioned');
  const config = ctx.product.config as ProductConfig;
  const stored = await host.data.servicePassword(service.id);
  const budget = actionBudget(settings);
  // only failures are logged: a delivery that succeeds needs no module-log rows of its own
  const panel = panelFor(server, settings, { action: 'welcome-mail', budget, log: ctx.log, logSuccess: false, serviceId: service.id, secrets: stored ? [stored] : [] });
  return withinBudget(budget, panel, server, `/client/${name} (welcome email)`, async () => {
    const record = await panel.getClient(name);
    const networkName = service.networkName ?? record.network_name;
    if (networkName === null) throw new ConflictError(`The panel does not say which network "${name}" is on, so its configs are unknown`, 'network_unknown');
    const protocols = enabledProtocols(await panel.network(networkName));
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
      if (png) inlineImages.push({ filename: `${configFileName(name, protocol).replace(/\.conf$/, '')}-qr.png`, contentType: 'image/png', content: png, caption: locale.t('mail.qrCaption', { protocol: PROTOCOL_LABELS[protocol] }) });
    }
    const password = config.show_password === 'no' ? null : (stored ?? record.password);
    const facts = [
      { label: locale.t('mail.vpnClient'), value: name },
      ...(record.ipv4 ?? service.dedicatedIp ? [{ label: locale.t('mail.vpnIp'), value: String(record.ipv4 ?? service.dedicatedIp) }] : []),
      ...(record.username ? [{ label: locale.t('mail.username'), value: record.username }] : []),
      ...(password ? [{ label: locale.t('mail.password'), value: password }] : []),
      { label: locale.t('mail.protocols'), value: protocols.map((p) => PROTOCOL_LABELS[p]).join(', ') || locale.t('mail.noneYet') },
    ];
    const links = config.instruction_url ? [{ label: locale.t('mail.setupGuide'), url: config.instruction_url }] : [];
    const notes = protocols.map((p) => locale.t(`mail.howTo.${p}`, { file: configFileName(name, p) }));
    return { facts, links, notes, attachments, inlineImages };
  });
}

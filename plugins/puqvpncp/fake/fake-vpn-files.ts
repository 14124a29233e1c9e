/**
 * The VPN files a fake client gets: WireGuard and AmneziaWG configs with real X25519 keys, an .ovpn
 * profile, a strongSwan profile object and QR codes made by the same `qrcode` package a panel would use.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { PanelIkev2Profile } from '../server/panel/panel-types.js';

/** WireGuard key material, base64 as in a .conf. */
export interface WgKeys {
  privateKey: string;
  publicKey: string;
  presharedKey: string;
}

/** What the configs need to know about a client. */
export interface VpnFileSubject {
  name: string;
  username: string;
  password: string;
  ipv4: string;
  keys: WgKeys;
  uuid: string;
}

/** Where the fake pretends its VPN endpoints live. */
export interface VpnEndpoint {
  host: string;
  serverPublicKey: string;
}

/**
 * Generates an X25519 key pair and a preshared key the way `wg genkey` / `wg genpsk` would.
 * @returns base64 keys
 */
export function generateWgKeys(): WgKeys {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const raw = (jwk: { d?: string; x?: string }, part: 'd' | 'x') => Buffer.from(jwk[part] ?? '', 'base64url').toString('base64');
  return {
    privateKey: raw(privateKey.export({ format: 'jwk' }), 'd'),
    publicKey: raw(publicKey.export({ format: 'jwk' }), 'x'),
    presharedKey: randomBytes(32).toString('base64'),
  };
}

/** A fresh client identifier for the .sswan profile. */
export function newProfileUuid(): string {
  return randomUUID();
}

/** The WireGuard .conf of a client. */
export function wireguardConfig(c: VpnFileSubject, at: VpnEndpoint, port = 51820, extraInterfaceLines: string[] = []): string {
  return [
    '[Interface]',
    `PrivateKey = ${c.keys.privateKey}`,
    `Address = ${c.ipv4}/32`,
    'DNS = 1.1.1.1',
    ...extraInterfaceLines,
    '',
    '[Peer]',
    `PublicKey = ${at.serverPublicKey}`,
    `PresharedKey = ${c.keys.presharedKey}`,
    'AllowedIPs = 0.0.0.0/0, ::/0',
    `Endpoint = ${at.host}:${port}`,
    'PersistentKeepalive = 25',
    '',
  ].join('\n');
}

/** The AmneziaWG .conf: WireGuard plus the junk-packet and header obfuscation parameters. */
export function amneziawgConfig(c: VpnFileSubject, at: VpnEndpoint): string {
  const obfuscation = [
    ...['Jc = 4', 'Jmin = 40', 'Jmax = 70', 'S1 = 52', 'S2 = 16'],
    ...['H1 = 1345245381', 'H2 = 2025438917', 'H3 = 873205436', 'H4 = 1549282541'],
  ];
  return wireguardConfig(c, at, 51821, obfuscation);
}

/** The OpenVPN .ovpn profile; the inline CA is a placeholder, not a usable certificate. */
export function openvpnProfile(c: VpnFileSubject, at: VpnEndpoint): string {
  return [
    'client',
    'dev tun',
    'proto udp',
    `remote ${at.host} 1194`,
    'resolv-retry infinite',
    'nobind',
    'persist-key',
    'persist-tun',
    'auth-user-pass',
    'remote-cert-tls server',
    'cipher AES-256-GCM',
    `# user ${c.username}`,
    '<ca>',
    '-----BEGIN CERTIFICATE-----',
    `${Buffer.from(`fake ca for ${at.host}`).toString('base64')}`,
    '-----END CERTIFICATE-----',
    '</ca>',
    '',
  ].join('\n');
}

/** The strongSwan .sswan profile object with the documented keys. */
export function ikev2Profile(c: VpnFileSubject, at: VpnEndpoint): PanelIkev2Profile {
  return {
    uuid: c.uuid,
    name: `${c.name} (IKEv2)`,
    type: 'ikev2-eap',
    remote: { addr: at.host, id: at.host, cert: Buffer.from(`fake ca for ${at.host}`).toString('base64') },
    local: { eap_id: c.username },
  };
}

/**
 * Encodes a config as a PNG data URL, as the panel's QR endpoints do.
 * @param text the config
 * @returns data:image/png;base64,…
 */
export function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * A fake panel network: its settings and a pool of IPv4 addresses derived from the subnet, .1 being
 * the gateway, so tests can exhaust a network with a small pool.
 */
import type { PanelNetwork } from '../server/panel/panel-types.js';

/** A network in the adopted wire shape, bandwidth always given. */
export type FakeWireNetwork = PanelNetwork & { bandwidth_download: number; bandwidth_upload: number };

/** How a test describes a network; everything but the name has a default. */
export interface FakeNetworkSpec {
  name: string;
  description?: string;
  /** e.g. 10.0.6.0/24 */
  subnet?: string;
  wireguard?: boolean;
  amneziawg?: boolean;
  openvpn?: boolean;
  ikev2?: boolean;
  bandwidth_download?: number;
  bandwidth_upload?: number;
  /** addresses in the pool, from .2 upwards; defaults to the whole subnet (at most 1024) */
  poolSize?: number;
}

const MAX_POOL = 1024;

/** The networks a fake panel has when a test names none. */
export const DEFAULT_FAKE_NETWORKS: readonly FakeNetworkSpec[] = [
  { name: 'main', description: 'All protocols', subnet: '10.0.6.0/24', wireguard: true, amneziawg: true, openvpn: true, ikev2: true },
  {
    name: 'eu-ovpn',
    description: 'OpenVPN and IKEv2, capped',
    subnet: '10.0.7.0/24',
    openvpn: true,
    ikev2: true,
    bandwidth_download: 100,
    bandwidth_upload: 50,
  },
];

/** One network and its address pool. */
export class FakeNetwork {
  readonly wire: FakeWireNetwork;
  private pool: string[];
  private readonly used = new Set<string>();

  constructor(spec: FakeNetworkSpec, index: number) {
    this.wire = {
      name: spec.name,
      description: spec.description ?? '',
      subnet: spec.subnet ?? `10.0.${10 + index}.0/24`,
      wireguard: spec.wireguard ?? false,
      amneziawg: spec.amneziawg ?? false,
      openvpn: spec.openvpn ?? false,
      ikev2: spec.ikev2 ?? false,
      bandwidth_download: spec.bandwidth_download ?? 0,
      bandwidth_upload: spec.bandwidth_upload ?? 0,
    };
    this.pool = hostAddresses(this.wire.subnet, spec.poolSize ?? MAX_POOL);
  }

  /** The free addresses, lowest first. */
  free(): string[] {
    return this.pool.filter((ip) => !this.used.has(ip));
  }

  /** Takes the lowest free address, or null when the network is full. */
  take(): string | null {
    const ip = this.free()[0] ?? null;
    if (ip !== null) this.used.add(ip);
    return ip;
  }

  /** Returns an address to the pool. */
  release(ip: string): void {
    this.used.delete(ip);
  }

  /** Shrinks the pool to the addresses in use, so no address is free until a client is deleted. */
  fill(): void {
    this.pool = this.pool.filter((ip) => this.used.has(ip));
  }
}

function hostAddresses(subnet: string, limit: number): string[] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(subnet);
  if (!match) throw new TypeError(`FakeNetwork: subnet "${subnet}" is not a.b.c.d/n`);
  const prefix = Number(match[5]);
  const base = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  const network = base - (base % size);
  // .0 is the network, .1 the gateway, the last address the broadcast.
  const count = Math.max(0, Math.min(limit, size - 3));
  return Array.from({ length: count }, (_, i) => toDotted(network + 2 + i));
}

function toDotted(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

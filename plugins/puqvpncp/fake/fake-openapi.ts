/**
 * The API description a fake panel publishes at GET /api/v1/openapi.json (OpenAPI 3.0): its endpoints
 * with the fields of their answers and request bodies, in the field names of the variant it speaks.
 */
import type { FakeVariant } from './fake-variant.js';

type Schema = Record<string, unknown>;

const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, ...(required.length ? { required } : {}) });
const list = (items: Schema): Schema => ({ type: 'array', items });
const envelope = (data: Schema | null): Schema => obj({ result: str, message: str, ...(data ? { data } : {}) }, ['result']);

function components(variant: FakeVariant): Record<string, Schema> {
  const v1 = variant === 'v1';
  const count = v1 ? str : int;
  const flag = v1 ? { oneOf: [bool, int, str] } : bool;
  return {
    Client: obj(
      v1
        ? { name: str, network: str, ipv4: str, ipv6: str, username: str, password: str, status: str, bandwidth_download: count, bandwidth_upload: count }
        : { name: str, network_name: str, ipv4: str, username: str, password: str, status: { type: 'string', enum: ['enable', 'disable'] }, b_download: int, b_upload: int },
      ['name'],
    ),
    Network: obj({ name: str, description: str, subnet: str, wireguard: flag, amneziawg: flag, openvpn: flag, ikev2: flag, bandwidth_download: count, bandwidth_upload: count }, ['name']),
    SystemStatus: obj({ version: str, count_accounts: count, count_accounts_available: count, status: str }),
    License: obj({ key: str, valid: flag, accounts: count, expiration_date: str }),
    Session: obj({ name: str, protocol: str, network: str, ip: str, endpoint: str, latest_handshake: str, transfer_rx: count, transfer_tx: count }),
    TrafficDay: obj({ date: str, traffic_download: count, traffic_upload: count }),
  };
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const answer = (data: Schema | null): Schema => ({ responses: { '200': { description: 'OK', content: { 'application/json': { schema: envelope(data) } } } }, security: [{ bearerAuth: [] }] });
const withBody = (op: Schema, body: Schema): Schema => ({ ...op, requestBody: { content: { 'application/json': { schema: body } } } });

/**
 * The fake's own API description.
 * @param version the panel version it reports
 * @param variant the field names it speaks
 * @returns an OpenAPI 3.0 document
 */
export function fakeOpenapi(version: string, variant: FakeVariant): Schema {
  const v1 = variant === 'v1';
  const text = v1 ? str : obj({ config: str });
  const qr = v1 ? str : obj({ qr: str });
  const profile = v1 ? str : obj({ profile: str });
  const ikev2 = v1 ? str : obj({ profile: obj({ uuid: str, name: str, type: str, remote: obj({ addr: str, id: str, cert: str }), local: obj({ eap_id: str }) }) });
  const update = v1 ? obj({ bandwidth_download: int, bandwidth_upload: int, status: str, b_download: int, b_upload: int }) : obj({ b_download: int, b_upload: int, status: str });
  const create = v1 ? obj({ name: str, network: str, network_name: str }, ['name']) : obj({ name: str, network_name: str }, ['name']);
  return {
    openapi: '3.0.3',
    info: { title: `puqVPNcp API (fake, ${variant} shapes)`, version },
    servers: [{ url: '/api/v1' }],
    paths: {
      '/system/status': { get: answer(ref('SystemStatus')) },
      '/license': { get: answer(ref('License')) },
      '/network': { get: answer(v1 ? { type: 'object', additionalProperties: ref('Network') } : list(ref('Network'))) },
      '/network/{name}': { get: answer(ref('Network')) },
      '/network/{name}/available_ip': { get: answer(list(str)) },
      '/client': { get: answer(v1 ? { type: 'object', additionalProperties: ref('Client') } : list(ref('Client'))), post: withBody(answer(ref('Client')), create) },
      '/client/online': { get: answer(list(ref('Session'))) },
      '/client/{name}': { get: answer(ref('Client')), put: withBody(answer(ref('Client')), update), delete: answer(null) },
      '/client/{name}/config/text': { get: answer(text) },
      '/client/{name}/config/qr': { get: answer(qr) },
      '/client/{name}/openvpn/profile': { get: answer(profile) },
      '/client/{name}/ikev2/profile': { get: answer(ikev2) },
      '/client/{name}/amneziawg/config': { get: answer(text) },
      '/client/{name}/amneziawg/qr': { get: answer(qr) },
      '/client/{name}/otl': { post: answer(v1 ? str : obj({ url: str })) },
      '/client/{name}/traffic/{year}/{month}': { get: answer(list(ref('TrafficDay'))) },
    },
    components: { schemas: components(variant), securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
}

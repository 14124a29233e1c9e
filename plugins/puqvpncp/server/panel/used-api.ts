/**
 * The 19 endpoints this module calls and the fields it relies on, as the compatibility check compares
 * them with a panel's own API description. A field with alternatives ("network_name|network") is
 * satisfied by any of them, exactly as the tolerant reader accepts them; request fields are the ones the
 * client sends, which the panel must accept under these names.
 */

/** One endpoint as the module uses it. */
export interface UsedEndpoint {
  method: 'get' | 'post' | 'put' | 'delete';
  /** below /api/v1, parameters in braces */
  path: string;
  /** fields of the answer's `data` (of each item, for a list) the module reads */
  answer: string[];
  /** fields of the request body the module sends */
  request: string[];
}

const CLIENT_FIELDS = ['name', 'network_name|network', 'ipv4|allowed_IPs', 'password', 'status', 'b_download|bandwidth_download', 'b_upload|bandwidth_upload'];
const NETWORK_FIELDS = ['name', 'wireguard', 'amneziawg', 'openvpn', 'ikev2'];

const get = (path: string, answer: string[] = []): UsedEndpoint => ({ method: 'get', path, answer, request: [] });

/** Endpoints 1–19 of shared/docs/panel-api.md. */
export const USED_ENDPOINTS: readonly UsedEndpoint[] = [
  get('/system/status', ['count_accounts', 'count_accounts_available']),
  get('/license'),
  get('/network', NETWORK_FIELDS),
  get('/network/{name}', NETWORK_FIELDS),
  get('/network/{name}/available_ip'),
  { method: 'post', path: '/client', answer: [], request: ['name', 'network_name'] },
  { method: 'put', path: '/client/{name}', answer: [], request: ['b_download', 'b_upload', 'status'] },
  { method: 'delete', path: '/client/{name}', answer: [], request: [] },
  get('/client/{name}', CLIENT_FIELDS),
  get('/client/online', ['name']),
  get('/client/{name}/config/text'),
  get('/client/{name}/config/qr'),
  get('/client/{name}/openvpn/profile'),
  get('/client/{name}/ikev2/profile'),
  get('/client/{name}/amneziawg/config'),
  get('/client/{name}/amneziawg/qr'),
  { method: 'post', path: '/client/{name}/otl', answer: [], request: [] },
  get('/client/{name}/traffic/{year}/{month}', ['date', 'traffic_download', 'traffic_upload']),
  // reconciliation: every client of the panel, with what it compares
  get('/client', ['name', 'network_name|network', 'ipv4|allowed_IPs', 'status', 'b_download|bandwidth_download', 'b_upload|bandwidth_upload']),
];

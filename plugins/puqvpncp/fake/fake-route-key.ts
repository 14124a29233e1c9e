/**
 * The fake panel's route names, in a file of their own: the routes, the faults and the v1 variant all
 * name routes, and none of them has to import another for it.
 */

/** A route as fault injection names it: method and path pattern below /api/v1 (or '*' for every route). */
export type FakeRouteKey =
  | 'GET /openapi.json'
  | 'GET /system/status'
  | 'GET /license'
  | 'GET /network'
  | 'GET /network/:name'
  | 'GET /network/:name/available_ip'
  | 'GET /client'
  | 'POST /client'
  | 'PUT /client/:name'
  | 'DELETE /client/:name'
  | 'GET /client/online'
  | 'GET /client/:name'
  | 'GET /client/:name/config/text'
  | 'GET /client/:name/config/qr'
  | 'GET /client/:name/openvpn/profile'
  | 'GET /client/:name/ikev2/profile'
  | 'GET /client/:name/amneziawg/config'
  | 'GET /client/:name/amneziawg/qr'
  | 'POST /client/:name/otl'
  | 'GET /client/:name/traffic/:year/:month'
  | 'GET /otl/:token'
  | '*';

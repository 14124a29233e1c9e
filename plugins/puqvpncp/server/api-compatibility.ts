/**
 * The API compatibility check (CLI `panel-check`, "Check API compatibility" on the server page): the
 * panel's own description, `GET /api/v1/openapi.json`, compared with the 19 endpoints and the fields
 * this module uses, one line per endpoint: present, missing, or shape differs with the fields named.
 */
import { AppError, type CompatibilityLine, type CompatibilityReport, type ModuleLogWriter, type ServerRecord } from '../../../server/plugins/plugin-api.js';
import { PanelProtocolError } from './panel/panel-errors.js';
import { actionBudget, panelFor, type PanelSettings } from './panel/panel-policy.js';
import { USED_ENDPOINTS, type UsedEndpoint } from './panel/used-api.js';

type Node = Record<string, unknown>;
const MAX_REF_DEPTH = 12;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "/api/v1/client/{client_name}/" → "/client/{}" */
function normalisePath(path: string): string {
  return path.replace(/^\/api\/v1(?=\/)/, '').replace(/\{[^}]*\}/g, '{}').replace(/(.)\/+$/, '$1');
}

/** Follows `$ref`s (OpenAPI 3 components or Swagger 2 definitions) within the document. */
function resolve(doc: Node, schema: unknown, depth = 0): Node | null {
  if (!isNode(schema) || depth > MAX_REF_DEPTH) return null;
  if (typeof schema.$ref !== 'string') return schema;
  const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (isNode(node) ? node[decodeURIComponent(key)] : undefined), doc);
  return resolve(doc, target, depth + 1);
}

/** The property names a schema describes (through allOf/oneOf/anyOf), or null when it describes none. */
function propertiesOf(doc: Node, schema: Node | null, depth = 0): Set<string> | null {
  if (!schema || depth > MAX_REF_DEPTH) return null;
  const names = new Set<string>(isNode(schema.properties) ? Object.keys(schema.properties) : []);
  let described = isNode(schema.properties);
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    for (const part of Array.isArray(schema[key]) ? (schema[key] as unknown[]) : []) {
      const inner = propertiesOf(doc, resolve(doc, part), depth + 1);
      if (inner) {
        described = true;
        inner.forEach((n) => names.add(n));
      }
    }
  }
  return described ? names : null;
}

/** The schema of `data`: the envelope unwrapped, then a list's items or a keyed object's values. */
function dataSchema(doc: Node, schema: Node | null): Node | null {
  let node = schema;
  const data = node && isNode(node.properties) ? resolve(doc, node.properties.data) : null;
  if (data) node = data;
  if (node && node.type === 'array') node = resolve(doc, node.items);
  else if (node && isNode(node.additionalProperties) && !isNode(node.properties)) node = resolve(doc, node.additionalProperties);
  return node;
}

function jsonSchema(doc: Node, holder: unknown): Node | null {
  const content = isNode(holder) && isNode(holder.content) ? holder.content : null;
  const media = content ? (content['application/json'] ?? Object.values(content)[0]) : null;
  return isNode(media) ? resolve(doc, media.schema) : isNode(holder) && 'schema' in holder ? resolve(doc, holder.schema) : null;
}

function answerSchema(doc: Node, op: Node): Node | null {
  const responses = isNode(op.responses) ? op.responses : {};
  const ok = Object.keys(responses).find((code) => /^2\d\d$|^2XX$/i.test(code)) ?? 'default';
  return jsonSchema(doc, resolve(doc, responses[ok]));
}

/** The listed fields (each "a|b" = either) that `names` lacks. */
function lacking(fields: readonly string[], names: Set<string>): string[] {
  return fields.filter((f) => !f.split('|').some((alt) => names.has(alt)));
}

function judge(doc: Node, used: UsedEndpoint, paths: Map<string, Node>): CompatibilityLine {
  const endpoint = `${used.method.toUpperCase()} ${used.path}`;
  const item = paths.get(normalisePath(used.path));
  if (!item) return { endpoint, verdict: 'missing', detail: 'the panel does not describe this path' };
  const op = resolve(doc, item[used.method]);
  if (!op) {
    const has = ['get', 'post', 'put', 'delete', 'patch'].filter((m) => isNode(item[m])).map((m) => m.toUpperCase());
    return { endpoint, verdict: 'missing', detail: `the path has ${has.join(', ') || 'no method'} only` };
  }
  const problems: string[] = [];
  const answer = used.answer.length > 0 ? propertiesOf(doc, dataSchema(doc, answerSchema(doc, op))) : null;
  if (answer) {
    const missing = lacking(used.answer, answer);
    if (missing.length > 0) problems.push(`the answer lacks ${missing.join(', ')} (it describes ${[...answer].join(', ') || 'nothing'})`);
  }
  const request = used.request.length > 0 ? propertiesOf(doc, jsonSchema(doc, resolve(doc, op.requestBody))) : null;
  if (request) {
    const missing = lacking(used.request, request);
    if (missing.length > 0) problems.push(`the request body does not take ${missing.join(', ')} (it describes ${[...request].join(', ') || 'nothing'})`);
  }
  if (problems.length > 0) return { endpoint, verdict: 'differs', detail: problems.join('; ') };
  const undescribed = (used.answer.length > 0 && !answer) || (used.request.length > 0 && !request);
  return { endpoint, verdict: 'present', detail: undescribed ? 'present; its fields are not described, so they could not be compared' : '' };
}

/**
 * Compares an API description with the endpoints the module uses.
 * @param doc the parsed openapi.json
 * @returns one line per used endpoint, in the order of panel-api.md
 */
export function compareApi(doc: unknown): CompatibilityLine[] {
  const root = isNode(doc) ? doc : {};
  const paths = new Map<string, Node>();
  for (const [path, item] of Object.entries(isNode(root.paths) ? root.paths : {})) {
    const node = resolve(root, item);
    if (node) paths.set(normalisePath(path), { ...paths.get(normalisePath(path)), ...node });
  }
  return USED_ENDPOINTS.map((used) => judge(root, used, paths));
}

/**
 * The report of a comparison.
 * @param lines what compareApi found
 */
export function compatibilityReport(lines: CompatibilityLine[]): CompatibilityReport {
  const count = (v: CompatibilityLine['verdict']) => lines.filter((l) => l.verdict === v).length;
  const ok = count('present') === lines.length;
  const summary = ok
    ? `All ${lines.length} endpoints the portal uses are described by this panel as the portal uses them.`
    : `Of the ${lines.length} endpoints the portal uses: ${count('present')} present, ${count('differs')} with a different shape, ${count('missing')} missing.`;
  return { ok, published: true, summary, lines };
}

/**
 * Fetches the panel's API description (no auth needed) and compares it, within one action budget.
 * @param log module-log writer of the server
 */
export async function checkCompatibility(server: ServerRecord, log: ModuleLogWriter, settings: PanelSettings): Promise<CompatibilityReport> {
  const panel = panelFor(server, settings, { action: 'api-check', budget: actionBudget(settings), log });
  try {
    return compatibilityReport(compareApi(await panel.openapi()));
  } catch (err) {
    if (err instanceof PanelProtocolError) {
      const summary = `GET /api/v1/openapi.json is not published by this panel (HTTP ${err.httpStatus}), so its API cannot be compared; Test Connection still checks the calls the portal makes first.`;
      return { ok: false, published: false, summary, lines: [] };
    }
    if (err instanceof AppError) return { ok: false, published: false, summary: `The API description could not be read: ${err.message}`, lines: [] };
    throw err;
  }
}

/**
 * The host's checks of what a plugin registers (Ghost's requiredFns): every required member of a
 * provisioning module or usage meter, with its shape, so a broken plugin stops start-up with the list of
 * what is wrong instead of failing on the first page that uses it.
 */
import type { ProvisioningModule, SettingField, UsageMeter } from './plugin-api.js';

const REQUIRED_METHODS = ['defaultProductSettings', 'testConnection', 'create', 'suspend', 'unsuspend', 'terminate', 'changePackage'] as const;
const FIELD_NAME = /^[a-z][a-z0-9_]*$/;
const INPUTS: SettingField['input'][] = ['text', 'number', 'checkbox'];

const isSchema = (s: unknown) => typeof (s as { safeParse?: unknown } | null)?.safeParse === 'function';

function fieldProblems(where: string, what: string, fields: unknown): string[] {
  if (!Array.isArray(fields)) return [`${where}: ${what} must be a list`];
  const problems: string[] = [];
  const names = new Set<string>();
  for (const f of fields as Partial<SettingField>[]) {
    if (typeof f?.name !== 'string' || !FIELD_NAME.test(f.name)) problems.push(`${where}: ${what} "${String(f?.name)}" must be named /^[a-z][a-z0-9_]*$/`);
    else if (names.has(f.name)) problems.push(`${where}: ${what} "${f.name}" is declared twice`);
    else names.add(f.name);
    if (typeof f?.label !== 'string' || f.label === '') problems.push(`${where}: ${what} "${String(f?.name)}" has no label`);
    if (!INPUTS.includes(f?.input as SettingField['input'])) problems.push(`${where}: ${what} "${String(f?.name)}" has no input of ${INPUTS.join(', ')}`);
  }
  return problems;
}

/** Checks a provisioning module's shape; returns its problems. */
export function moduleProblems(where: string, module: ProvisioningModule): string[] {
  const problems: string[] = [];
  if (typeof module.type !== 'string' || module.type === '') problems.push(`${where}: provisioner has no type`);
  if (!isSchema(module.productSettings)) problems.push(`${where}: provisioner has no productSettings schema`);
  for (const name of REQUIRED_METHODS) {
    if (typeof module[name] !== 'function') problems.push(`${where}: provisioner method ${name}() is missing`);
  }
  const server = module.serverSettings;
  if (!server || typeof server.defaultPort !== 'function' || typeof server.defaults !== 'function' || !isSchema(server.schema) || typeof server.defaultTimeouts?.connectMs !== 'number' || typeof server.defaultTimeouts?.responseMs !== 'number') {
    problems.push(`${where}: provisioner serverSettings needs defaultPort(), defaultTimeouts, schema and defaults()`);
  } else {
    problems.push(...fieldProblems(where, 'server setting', server.fields));
  }
  problems.push(...fieldProblems(where, 'service option', module.serviceOptions));
  // one without the other would queue mails that cannot be composed, or never queue them
  if ((typeof module.sendsWelcomeMail === 'function') !== (typeof module.welcomeMailContent === 'function')) problems.push(`${where}: provisioner needs both sendsWelcomeMail() and welcomeMailContent(), or neither`);
  for (const option of Array.isArray(module.serviceOptions) ? module.serviceOptions : []) {
    if (!isSchema(option?.schema) || typeof option?.productDefault !== 'function') problems.push(`${where}: service option "${String(option?.name)}" needs a schema and productDefault()`);
  }
  return problems;
}

/** Checks a usage meter's shape; returns its problems. */
export function meterProblems(where: string, meter: UsageMeter): string[] {
  if (typeof meter?.monthlyUsage !== 'function' || typeof meter?.metrics !== 'function') return [`${where}: usage meter "${meter?.type}" lacks metrics() or monthlyUsage()`];
  return [];
}

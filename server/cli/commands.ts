/**
 * The CLI's commands as data: each parses its flags and calls one domain command.
 */
import { z } from 'zod';
import { generateApiToken, hashApiToken } from '../auth/api-token.js';
import { MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { checkServerCompatibility } from '../domain/catalogue/servers.js';
import { ensureAdmin } from '../domain/users/create-user.js';
import { resetSecondFactor } from '../domain/users/two-factor.js';
import { ADMIN_ROLES } from '../domain/types.js';
import { parseOrThrow } from '../domain/validation.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import { knownSecrets } from '../security/mask-secrets.js';
import { BILLING_CLI_COMMANDS } from './billing-commands.js';
import { QUOTA_CLI_COMMANDS } from './quota-commands.js';
import { BACKUP_CLI_COMMANDS } from './backup-commands.js';
import { RECONCILE_CLI_COMMANDS } from './reconcile-commands.js';
import type { CliCommand } from './cli-command.js';

const adminSchema = z.object({
  email: z.string({ error: 'is required' }).trim().toLowerCase().max(254, 'is at most 254 characters').email('is not a valid email'),
  // the sign-in form takes at most 200 characters: a longer password could never be used
  password: z.string({ error: 'is required' }).min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`).max(200, 'is at most 200 characters'),
  name: z.string().trim().min(1).max(200).optional(),
});
const tokenNameSchema = z.object({ name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is at most 100 characters') });
const newTokenSchema = tokenNameSchema.extend({ role: z.enum(ADMIN_ROLES as ['owner', 'support'], { error: 'must be owner or support' }).default('owner') });
const emailSchema = z.object({ email: adminSchema.shape.email });

/** Every CLI command by name; later capabilities add theirs here. */
export const CLI_COMMANDS: Record<string, CliCommand> = {
  'create-admin': {
    usage: '--email E --password P [--name N]   create an admin, or reset its password',
    async run(c, flags, print) {
      const { user, created } = await ensureAdmin(c.deps, parseOrThrow(adminSchema, flags));
      print(created ? `admin ${user.email} created` : `admin ${user.email} already existed: password reset`);
    },
  },
  'create-token': {
    usage: '--name N [--role owner|support]   create an admin API token (printed once, alone on the last line)',
    async run(c, flags, print) {
      const { name, role } = parseOrThrow(newTokenSchema, flags);
      if (await c.repos.apiTokens.nameTaken(name)) throw new ValidationError({ name: `a token named "${name}" exists; revoke it first or pick another name` });
      const token = generateApiToken();
      // printed once below on purpose; masked in anything this process logs
      knownSecrets.add(token);
      await c.repos.apiTokens.create(name, hashApiToken(token), role);
      print(`token "${name}" (${role}) created; it is shown only now:`);
      print(token);
    },
  },
  'list-tokens': {
    usage: '   list admin API tokens (names and dates, never the tokens)',
    async run(c, _flags, print) {
      const tokens = await c.repos.apiTokens.list();
      if (tokens.length === 0) print('no tokens');
      for (const t of tokens) print(`${t.name}\t${t.role}\tcreated ${t.createdAt}\tlast used ${t.lastUsedAt ?? 'never'}`);
    },
  },
  'reset-2fa': {
    usage: '--email E   remove an admin\'s second factor (lost phone and recovery codes); they sign in with the password alone, or enrol again if ADMIN_2FA=required',
    async run(c, flags, print) {
      const { email } = parseOrThrow(emailSchema, flags);
      const found = await c.repos.users.findCredentials(email);
      if (!found || found.user.role !== 'admin') throw new NotFoundError(`no admin ${email}`);
      await resetSecondFactor(c.deps, found.user.id);
      print(`second factor of ${email} removed`);
    },
  },
  'revoke-token': {
    usage: '--name N   revoke (delete) an admin API token',
    async run(c, flags, print) {
      const { name } = parseOrThrow(tokenNameSchema, flags);
      if (!(await c.repos.apiTokens.revoke(name))) throw new NotFoundError(`no token named "${name}"`);
      print(`token "${name}" revoked`);
    },
  },
  'panel-check': {
    usage: '--server ID|NAME   compare the API the server publishes with what its module uses',
    async run(c, flags, print) {
      const ref = flags.server;
      if (!ref || ref === 'true') throw new ValidationError({ server: 'is required: the id or name of a server' });
      const { server, report } = await checkServerCompatibility(c.deps, /^\d+$/.test(ref) ? Number(ref) : ref);
      print(`${server}: ${report.summary}`);
      for (const line of report.lines) print(`  ${line.verdict === 'differs' ? 'DIFFERS' : line.verdict.toUpperCase()}\t${line.endpoint}${line.detail ? `\t${line.detail}` : ''}`);
      // a failed check exits 1, so a go-live script can stop on it
      if (!report.ok) throw new AppError(1, 'incompatible', report.published ? 'the server\'s API differs from what its module uses (see above)' : 'the server publishes no API description to compare');
    },
  },
  ...BILLING_CLI_COMMANDS,
  ...QUOTA_CLI_COMMANDS,
  ...BACKUP_CLI_COMMANDS,
  ...RECONCILE_CLI_COMMANDS,
};

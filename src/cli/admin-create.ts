import 'reflect-metadata';
import crypto from 'node:crypto';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig } from '../config';
import { openDatabase } from '../db/bootstrap';
import { ENTITIES } from '../modules/entities';
import { inTransaction } from '../db/transaction';
import { insertUser } from '../modules/user/user.rows';
import { contextFor } from '../graphql/context';
import { hashPassword } from '../auth/tokens';
import { weakPasswordReason } from '../common/password';
import { Role } from '../domain/enums';
import { User } from '../modules/user/user.entity';
import { CreateUserInput } from '../modules/user/user.inputs';
import { recordAudit } from '../modules/audit/audit.service';
import { AppError } from '../errors/app-error';

/**
 * `npm run admin:create -- <email> [--name "Họ tên"] [--generate | --password-stdin]`, or in the
 * image `node dist/src/cli/admin-create.js <email> ...`: creates a system administrator on the
 * configured database (migrating it first, as the server does). This is how an empty production
 * database gets its first login. The password is typed twice without echo on a terminal, read
 * from stdin (`--password-stdin`, its first line), or generated (`--generate`, printed once).
 * Exit codes: 0 created, 1 refused or failed, 2 wrong arguments; one line on stderr says why.
 */
const USAGE = 'usage: admin-create <email> [--name "Display name"] [--generate | --password-stdin]';

class UsageError extends Error {}

interface Args {
  email: string;
  displayName: string;
  source: 'tty' | 'stdin' | 'generate';
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  let displayName = 'System administrator';
  const sources = new Set<Args['source']>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--generate') sources.add('generate');
    else if (arg === '--password-stdin') sources.add('stdin');
    else if (arg === '--name' || arg.startsWith('--name=')) {
      const value = arg === '--name' ? argv[++i] : arg.slice('--name='.length);
      if (value === undefined) throw new UsageError('--name needs a value');
      displayName = value.trim();
    } else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}; ${USAGE}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError(positional.length ? `one email only, got ${positional.length} arguments; ${USAGE}` : USAGE);
  if (sources.size > 1) throw new UsageError('choose one of --generate and --password-stdin');
  const source = [...sources][0] ?? 'tty';
  if (source === 'tty' && !process.stdin.isTTY) throw new UsageError('stdin is not a terminal: pass --password-stdin to read the password from it, or --generate');
  return { email: positional[0].trim().toLowerCase(), displayName, source };
}

/** The rules of createUser's input (email, display name, password length), checked the same way. */
async function assertValid(fields: Partial<CreateUserInput>): Promise<void> {
  const input = Object.assign(new CreateUserInput(), { role: Role.SYSTEM_ADMIN, ...fields });
  const errors = await validate(input, { skipMissingProperties: true, forbidUnknownValues: false });
  if (errors.length) throw new UsageError(errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; '));
  // The first administrator guards every tenant: not a password like "aaaaaaaaaa" or the demo's.
  const weakness = fields.password === undefined ? null : weakPasswordReason(fields.password);
  if (weakness) throw new UsageError(`password refused: ${weakness}`);
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error: Error | null) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003' || char === '\u0004') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

async function obtainPassword(source: Args['source']): Promise<string> {
  if (source === 'generate') return crypto.randomBytes(18).toString('base64url');
  if (source === 'stdin') return readStdin();
  const password = await promptHidden('Password: ');
  await assertValid({ password });
  if ((await promptHidden('Again: ')) !== password) throw new UsageError('the two passwords differ');
  return password;
}

/** Refused when the email is taken; written with an audit row whose actor is no user (the command line). */
async function createSystemAdministrator(dataSource: DataSource, config: AppConfig, args: Args, password: string): Promise<User> {
  const passwordHash = await hashPassword(password);
  const ctx = contextFor({ config, dataSource }, null);
  return inTransaction(dataSource, async (em) => {
    if (await em.exists(User, { where: { email: args.email } })) throw new Error(`a user with the email ${args.email} already exists; nothing was changed`);
    const user = await insertUser(em, { email: args.email, displayName: args.displayName, role: Role.SYSTEM_ADMIN, organization: null, passwordHash });
    await recordAudit(em, ctx, {
      action: 'user.create',
      subjectType: 'User',
      subjectId: user.id,
      tenantId: null,
      organizationId: null,
      changes: { email: user.email, role: user.role, organizationId: null, by: 'admin-create' },
    });
    return user;
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  await assertValid({ email: args.email, displayName: args.displayName });
  const config = loadConfig();
  const password = await obtainPassword(args.source);
  await assertValid({ email: args.email, displayName: args.displayName, password });
  const dataSource = await openDatabase(config, ENTITIES);
  try {
    const user = await createSystemAdministrator(dataSource, config, args, password);
    process.stdout.write(`Created the system administrator ${user.email}.\n`);
    if (args.source === 'generate') process.stdout.write(`Password (shown only this once): ${password}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  // A concurrent creation of the same email lands on the unique index.
  const text = error instanceof AppError && /already exists/.test(message) ? 'a user with this email already exists; nothing was changed' : message;
  process.stderr.write(`admin-create: ${prefix}${text.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});

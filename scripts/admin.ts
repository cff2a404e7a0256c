/**
 * The admin command line: `npm run admin -- <command> [options]`.
 *
 *   create-user --email E --name N --role student|instructor|admin [--password P]
 *   reset-password --email E [--password P]
 *   set-role --email E --role student|instructor|admin
 *   import-course <course folder>
 *   lti add-platform|list|remove-platform|link-context|rotate-key …   (LTI 1.3, docs/lti.md)
 *   --help
 *
 * It works on the database DATABASE_URL names (SQLite by default, or PostgreSQL) and
 * applies pending migrations first, so it can create the first admin of a new install.
 * A password left out is generated and printed once. Every mistake (unknown email, bad
 * role, content problems with file:line) is reported in words and exits with status 1.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { hashPassword } from '../server/db/passwords';
import { ContentError, loadCourse } from '@/lib/content/load';
import { authSecret, baseUrl, revokeAllSessions, setSiteRole } from '@/server/auth';
import { ROLES, type Role } from '@/server/roles';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { ConfigError, checkConnection, resolveDatabase, type Env } from '@/server/db/config';
import { MigrationError, applyMigrations } from '@/server/db/migrate';
import { createPasswordUser } from '@/server/db/seed';
import { rotateToolKey } from '@/server/lti/keys';
import { linkContext } from '@/server/lti/launch';
import { PlatformError, listPlatforms, registerPlatform, removePlatform, toolConfig } from '@/server/lti/platforms';
import { syncCourseFolder } from '@/server/publish';
import { formatProblem } from '@/lib/content';

/** Shortest password accepted (better-auth's minPasswordLength in server/auth.ts). */
export const MIN_PASSWORD_LENGTH = 8;

export const ADMIN_HELP = `Curvature admin — usage: npm run admin -- <command> [options]

  create-user --email <email> --name <name> --role <student|instructor|admin> [--password <password>]
      Create a user who signs in with email and password. Without --password a random
      one is generated and printed once.
  reset-password --email <email> [--password <password>]
      Set a new password (generated and printed when not given) and sign the user out
      everywhere.
  set-role --email <email> --role <student|instructor|admin>
      Change a user's site-wide role.
  import-course <folder>
      Load a course folder (course.json + lessons) and create or update its course,
      lessons and exercises in the database; reports what changed. Attempts, due dates
      and join codes are kept.
  lti add-platform --name <name> --issuer <url> --client-id <id> --auth-url <url>
                   --token-url <url> --jwks-url <url> --deployment <id> [--deployment <id> …]
      Register an LMS (LTI 1.3); run again with the same issuer and client id to add
      deployment ids or change URLs. Prints the values to enter in the LMS (docs/lti.md).
  lti list
      The registered platforms, their deployment ids, and the tool's URLs.
  lti remove-platform --issuer <url> --client-id <id>
      Forget a platform, its linked contexts, line items and queued scores.
  lti link-context --issuer <url> --client-id <id> --context <context id> --course <slug>
      Link an LMS course (context) to a Curvature course (several contexts may share one).
  lti rotate-key
      Make a new signing key; the old one stays in the JWKS for 14 days.
  --help
      Show this text.

The database is the one DATABASE_URL names (default file:./data/curvature.db); pending
migrations are applied first.`;

/** A mistake in the command or its input; the message says what to fix. */
export class AdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

/** Where the admin command writes and which environment it reads. */
export interface AdminIO {
  /** DATABASE_URL is read here (default: process.env). */
  env?: Env;
  /** Receives each line of normal output (default: console.log). */
  log?: (line: string) => void;
}

interface Options {
  email?: string;
  name?: string;
  role?: string;
  password?: string;
  issuer?: string;
  'client-id'?: string;
  'auth-url'?: string;
  'token-url'?: string;
  'jwks-url'?: string;
  deployment?: string[];
  context?: string;
  course?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requireEmail(options: Options): string {
  const email = options.email?.trim().toLowerCase();
  if (!email) throw new AdminError('--email is required');
  if (!EMAIL.test(email)) throw new AdminError(`"${options.email}" is not an email address`);
  return email;
}

function requireRole(options: Options): Role {
  if (!options.role) throw new AdminError(`--role is required (${ROLES.join(', ')})`);
  if (!(ROLES as readonly string[]).includes(options.role)) {
    throw new AdminError(`unknown role "${options.role}" — use one of ${ROLES.join(', ')}`);
  }
  return options.role as Role;
}

/** The password given, checked, or a new random one (16 characters, 96 bits). */
function choosePassword(options: Options): { password: string; generated: boolean } {
  if (options.password === undefined) return { password: randomBytes(12).toString('base64url'), generated: true };
  if (options.password.length < MIN_PASSWORD_LENGTH) {
    throw new AdminError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return { password: options.password, generated: false };
}

async function findUser(prisma: PrismaClient, email: string) {
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) throw new AdminError(`no user with email ${email}`);
  return user;
}

function printPassword(log: (line: string) => void, password: string, generated: boolean): void {
  if (generated) log(`password: ${password}   (shown once; the user should change it after signing in)`);
}

async function createUser(prisma: PrismaClient, options: Options, log: (line: string) => void): Promise<void> {
  const email = requireEmail(options);
  const name = options.name?.trim();
  if (!name) throw new AdminError('--name is required');
  const role = requireRole(options);
  const { password, generated } = choosePassword(options);
  if (await prisma.user.findUnique({ where: { email } })) {
    throw new AdminError(`a user with email ${email} already exists — use reset-password or set-role`);
  }
  await createPasswordUser(prisma, { email, name, role, password, emailVerified: true });
  log(`created ${role} ${email}`);
  printPassword(log, password, generated);
}

async function resetPassword(prisma: PrismaClient, options: Options, log: (line: string) => void): Promise<void> {
  const email = requireEmail(options);
  const { password, generated } = choosePassword(options);
  const user = await findUser(prisma, email);
  const hash = await hashPassword(password);
  const account = await prisma.account.findFirst({ where: { userId: user.id, providerId: 'credential' } });
  await prisma.$transaction([
    account
      ? prisma.account.update({ where: { id: account.id }, data: { password: hash } })
      : prisma.account.create({ data: { id: randomUUID(), accountId: user.id, providerId: 'credential', userId: user.id, password: hash } }),
  ]);
  await revokeAllSessions(prisma, user.id);
  log(`new password set for ${email}; signed out of every session`);
  printPassword(log, password, generated);
}

async function setRole(prisma: PrismaClient, options: Options, log: (line: string) => void): Promise<void> {
  const email = requireEmail(options);
  const role = requireRole(options);
  const user = await findUser(prisma, email);
  if (user.role === role) {
    log(`${email} is already ${role}`);
    return;
  }
  await setSiteRole(prisma, user.id, role);
  log(`${email}: ${user.role} → ${role}; signed out of every session`);
}

async function importCourse(prisma: PrismaClient, dir: string | undefined, log: (line: string) => void): Promise<void> {
  if (!dir) throw new AdminError('import-course needs a course folder, e.g. npm run admin -- import-course content/optimisation');
  let course;
  try {
    course = await loadCourse(path.resolve(dir));
  } catch (err) {
    if (err instanceof ContentError) {
      const where = (p: ContentError['problems'][number]) =>
        [path.relative(process.cwd(), p.file) || p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':');
      const lines = err.problems.map((p) => `  ${where(p)}: ${p.message}`);
      throw new AdminError(`the course in ${dir} was not imported: ${err.problems.length} problem(s)\n${lines.join('\n')}`);
    }
    throw err;
  }
  // Published like a content sync (check-content first), so the course is served at once.
  const dirAbs = path.resolve(dir);
  const result = await syncCourseFolder(prisma, path.dirname(dirAbs), dirAbs);
  if (result.status === 'refused') {
    throw new AdminError(`the course in ${dir} was not imported: ${result.problems.length} problem(s)\n${result.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
  const report = result.report;
  log(result.rows ?? `content ${course.slug}: already up to date`);
  if (report && report.unlisted.length > 0) {
    log(`kept (in the database, no longer in the content; their attempts stay): ${report.unlisted.join(', ')}`);
  }
}

/** The platform named by --issuer and --client-id, or an AdminError. */
async function namedPlatform(prisma: PrismaClient, options: Options) {
  if (!options.issuer || !options['client-id']) throw new AdminError('--issuer and --client-id are required (see npm run admin -- lti list)');
  const platform = await prisma.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: options.issuer, clientId: options['client-id'] } } });
  if (!platform) throw new AdminError(`no platform with issuer ${options.issuer} and client id ${options['client-id']} — see npm run admin -- lti list`);
  return platform;
}

function printToolConfig(log: (line: string) => void, env: Env): void {
  const c = toolConfig(baseUrl(env));
  log(`in the LMS, enter: login (OIDC initiation) URL ${c.loginUrl}`);
  log(`                   redirect / target link URI ${c.redirectUrl}`);
  log(`                   public keyset (JWKS) URL   ${c.jwksUrl}`);
}

async function lti(prisma: PrismaClient, sub: string | undefined, options: Options, env: Env, log: (line: string) => void): Promise<void> {
  if (sub === 'add-platform') {
    let result;
    try {
      result = await registerPlatform(prisma, {
        name: options.name,
        issuer: options.issuer,
        clientId: options['client-id'],
        authUrl: options['auth-url'],
        tokenUrl: options['token-url'],
        jwksUrl: options['jwks-url'],
        deployments: options.deployment ?? [],
      });
    } catch (err) {
      if (err instanceof PlatformError) throw new AdminError(`the platform was not registered: ${err.message}`);
      throw err;
    }
    log(`${result.created ? 'registered' : 'updated'} platform ${options.name} (${options.issuer}, client id ${options['client-id']})`);
    printToolConfig(log, env);
  } else if (sub === 'list') {
    const platforms = await listPlatforms(prisma);
    if (!platforms.length) log('no LTI platforms registered');
    for (const p of platforms) {
      log(`${p.name}: issuer ${p.issuer}, client id ${p.clientId}, deployments ${p.deployments.map((d) => d.deploymentId).join(', ')}`);
      log(`  auth ${p.authUrl}  token ${p.tokenUrl}  jwks ${p.jwksUrl}`);
    }
    printToolConfig(log, env);
  } else if (sub === 'remove-platform') {
    const platform = await namedPlatform(prisma, options);
    await removePlatform(prisma, platform.id);
    log(`removed platform ${platform.name}`);
  } else if (sub === 'link-context') {
    const platform = await namedPlatform(prisma, options);
    if (!options.context || !options.course) throw new AdminError('--context and --course are required');
    const course = await prisma.course.findUnique({ where: { slug: options.course }, select: { id: true } });
    if (!course) throw new AdminError(`no course "${options.course}"`);
    const context = await prisma.ltiContext.findUnique({ where: { platformId_contextId: { platformId: platform.id, contextId: options.context } } });
    if (!context) throw new AdminError(`no context "${options.context}" on ${platform.name} yet: it appears after its first launch`);
    await linkContext(prisma, context.id, course.id);
    log(`linked context ${options.context} of ${platform.name} to course ${options.course}`);
  } else if (sub === 'rotate-key') {
    const kid = await rotateToolKey(prisma, authSecret(env));
    log(`new signing key ${kid}; the previous one stays published for 14 days`);
  } else {
    throw new AdminError(`unknown lti command "${sub ?? ''}" — use add-platform, list, remove-platform, link-context or rotate-key`);
  }
}

/**
 * Runs one admin command with the arguments after `npm run admin --`. Resolves when it
 * succeeded; throws AdminError, ConfigError or MigrationError with a message for the
 * operator when it did not.
 */
export async function runAdmin(argv: string[], io: AdminIO = {}): Promise<void> {
  const log = io.log ?? ((line: string) => console.log(line));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        password: { type: 'string' },
        issuer: { type: 'string' },
        'client-id': { type: 'string' },
        'auth-url': { type: 'string' },
        'token-url': { type: 'string' },
        'jwks-url': { type: 'string' },
        deployment: { type: 'string', multiple: true },
        context: { type: 'string' },
        course: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new AdminError(`${(err as Error).message.split(/\.\s|\n/)[0]} — see npm run admin -- --help`);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    log(ADMIN_HELP);
    return;
  }
  const commands = ['create-user', 'reset-password', 'set-role', 'import-course', 'lti'];
  if (!commands.includes(command)) throw new AdminError(`unknown command "${command}" — use ${commands.join(', ')} or --help`);
  const expected = command === 'import-course' || command === 'lti' ? 1 : 0;
  if (rest.length > expected) throw new AdminError(`unexpected argument "${rest[expected]}" for ${command} — see --help`);

  const db = resolveDatabase(io.env ?? process.env);
  await checkConnection(db);
  for (const name of await applyMigrations(db)) log(`database: applied migration ${name}`);
  const prisma = createPrisma(db);
  try {
    const options: Options = parsed.values;
    if (command === 'create-user') await createUser(prisma, options, log);
    else if (command === 'reset-password') await resetPassword(prisma, options, log);
    else if (command === 'set-role') await setRole(prisma, options, log);
    else if (command === 'lti') await lti(prisma, rest[0], options, io.env ?? process.env, log);
    else await importCourse(prisma, rest[0], log);
  } finally {
    await prisma.$disconnect();
  }
}

/** True for the errors whose message alone tells the operator what to do. */
export function isOperatorError(err: unknown): err is Error {
  return err instanceof AdminError || err instanceof ConfigError || err instanceof MigrationError;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runAdmin(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`admin: ${isOperatorError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}

/**
 * LTI 1.3 launches (IMS LTI 1.3 core + Security Framework 1.0): the OIDC login initiation,
 * the verification of the platform's id_token, and what a verified launch does — link the
 * LMS user to a Curvature account, enrol it with the mapped role, remember the context and
 * resource link, and hand out a one-time sign-in ticket for the page to open.
 *
 * State is bound to the browser without cookies: the login page leaves a random secret in
 * the tab's sessionStorage and the launch page posts it back (public/lti.js). See docs/lti.md.
 *
 * Every refusal is a LaunchError whose message says what was wrong; the route logs it and
 * shows it (server/lti/html.ts refusalPage). Nobody is signed in before every check passed.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { PrismaClient } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';

export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  deepLinking: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
} as const;

/** How long a login may take between initiation and launch. */
export const STATE_TTL_MS = 10 * 60_000;
/** Clock difference allowed between the platform and us for exp / iat. */
export const CLOCK_SKEW_S = 60;
/** id_tokens issued longer ago than this are refused even when exp is later. */
export const MAX_TOKEN_AGE_S = 10 * 60;
/** How long a sign-in ticket is valid. */
export const TICKET_TTL_MS = 2 * 60_000;
/**
 * The platform's JWKS is fetched again after this long, or at once for an unknown kid (a key
 * rotation at the LMS). Only a launch with a valid state and browser secret gets that far, so
 * a fetch costs a login initiation each.
 */
const JWKS_MAX_AGE_MS = 24 * 3600_000;

/** A refused login or launch: `code` for logs and tests, `message` for the person. */
export class LaunchError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const random = () => randomBytes(32).toString('base64url');

// ─── login initiation ──────────────────────────────────────────────────────────

/** The third-party-initiated login's parameters (query of a GET or form of a POST). */
export interface LoginParams {
  iss?: string;
  login_hint?: string;
  target_link_uri?: string;
  lti_message_hint?: string;
  lti_deployment_id?: string;
  client_id?: string;
}

/** The platform a login names: by issuer and client_id, or the issuer's only registration. */
async function platformFor(prisma: PrismaClient, issuer: string, clientId: string | undefined) {
  const rows = await prisma.ltiPlatform.findMany({ where: { issuer, ...(clientId ? { clientId } : {}) } });
  if (rows.length === 0) {
    throw new LaunchError('unknown-issuer', clientId ? `No LMS is registered with issuer ${issuer} and client id ${clientId}.` : `No LMS is registered with issuer ${issuer}.`);
  }
  if (rows.length > 1) throw new LaunchError('ambiguous-issuer', `Several registrations share issuer ${issuer}; the LMS must send client_id with the login.`);
  return rows[0];
}

/**
 * Checks a login initiation and starts the login: stores a state (with its nonce and a hash
 * of the browser secret) and returns the authorisation request URL with the secret the login
 * page leaves in the browser. `launchUrl` is our redirect URI.
 */
export async function beginLogin(prisma: PrismaClient, params: LoginParams, launchUrl: string, now = new Date()): Promise<{ state: string; bind: string; redirect: string }> {
  const missing = (['iss', 'login_hint', 'target_link_uri'] as const).filter((k) => !params[k]);
  if (missing.length) throw new LaunchError('login-params', `The LMS's login request lacks ${missing.join(', ')}.`);
  const platform = await platformFor(prisma, params.iss!, params.client_id || undefined);
  let target: URL;
  try {
    target = new URL(params.target_link_uri!);
  } catch {
    throw new LaunchError('target-link-uri', `target_link_uri "${params.target_link_uri}" is not a URL.`);
  }
  if (target.origin !== new URL(launchUrl).origin) {
    throw new LaunchError('target-link-uri', `target_link_uri ${target.origin} is not this Curvature site (${new URL(launchUrl).origin}).`);
  }
  const state = random();
  const bind = random();
  const nonce = random();
  await prisma.ltiState.create({ data: { state, platformId: platform.id, nonce, bindHash: sha256(bind), expiresAt: new Date(now.getTime() + STATE_TTL_MS), createdAt: now } });
  // Expired states are dropped now and then; a used one is already useless.
  if (Math.random() < 0.05) await prisma.ltiState.deleteMany({ where: { expiresAt: { lt: now } } });
  const auth = new URL(platform.authUrl);
  const query = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: launchUrl,
    login_hint: params.login_hint!,
    state,
    nonce,
    ...(params.lti_message_hint !== undefined ? { lti_message_hint: params.lti_message_hint } : {}),
  };
  for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v);
  return { state, bind, redirect: auth.toString() };
}

// ─── the platform's keys ───────────────────────────────────────────────────────

type PlatformRow = NonNullable<Awaited<ReturnType<PrismaClient['ltiPlatform']['findUnique']>>>;

/** Fetches the platform's JWKS and stores it. */
async function fetchJwks(prisma: PrismaClient, platform: PlatformRow, now: Date): Promise<JSONWebKeySet> {
  let body: unknown;
  try {
    const res = await fetch(platform.jwksUrl, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.json();
  } catch (err) {
    throw new LaunchError('jwks-unavailable', `The LMS's public keys could not be fetched from ${platform.jwksUrl} (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!body || typeof body !== 'object' || !Array.isArray((body as JSONWebKeySet).keys)) {
    throw new LaunchError('jwks-unavailable', `${platform.jwksUrl} did not answer with a JWKS ({"keys": [...]}).`);
  }
  await prisma.ltiPlatform.update({ where: { id: platform.id }, data: { jwksCache: JSON.stringify(body), jwksFetchedAt: now } });
  platform.jwksCache = JSON.stringify(body);
  platform.jwksFetchedAt = now;
  return body as JSONWebKeySet;
}

/** The platform's JWKS holding `kid`: the cached one, fetched again when stale or without that kid. */
async function platformKeys(prisma: PrismaClient, platform: PlatformRow, kid: string | undefined, now: Date): Promise<JSONWebKeySet> {
  const age = platform.jwksFetchedAt ? now.getTime() - platform.jwksFetchedAt.getTime() : Infinity;
  let set = platform.jwksCache && age < JWKS_MAX_AGE_MS ? (JSON.parse(platform.jwksCache) as JSONWebKeySet) : null;
  const has = (s: JSONWebKeySet) => kid === undefined || s.keys.some((k) => k.kid === kid);
  if (!set || !has(set)) set = await fetchJwks(prisma, platform, now);
  return set;
}

// ─── the launch ────────────────────────────────────────────────────────────────

const Launch = z.object({
  sub: z.string({ error: 'sub (the user) is missing' }).min(1, 'sub is empty').max(255, 'sub is longer than 255 characters'),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  [CLAIM.version]: z.literal('1.3.0', { error: 'the LTI version claim is not 1.3.0' }),
  [CLAIM.messageType]: z.enum(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'], { error: 'the message type is not LtiResourceLinkRequest or LtiDeepLinkingRequest' }),
  [CLAIM.deploymentId]: z.string({ error: 'the deployment_id claim is missing' }).min(1).max(255),
  [CLAIM.roles]: z.array(z.string(), { error: 'the roles claim is missing' }),
  [CLAIM.context]: z.object({ id: z.string().min(1).max(255), title: z.string().optional(), label: z.string().optional() }, { error: 'the context claim is missing' }),
  [CLAIM.resourceLink]: z.object({ id: z.string().min(1).max(255), title: z.string().optional() }).optional(),
  [CLAIM.targetLinkUri]: z.string().optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.ags]: z.object({ scope: z.array(z.string()).default([]), lineitems: z.string().optional(), lineitem: z.string().optional() }).optional(),
  [CLAIM.nrps]: z.object({ context_memberships_url: z.string() }).optional(),
  [CLAIM.deepLinking]: z
    .object({ deep_link_return_url: z.string(), accept_types: z.array(z.string()), accept_multiple: z.boolean().optional(), data: z.string().optional() })
    .optional(),
});
export type LaunchClaims = z.infer<typeof Launch>;

/** A verified launch: its platform and claims. */
export interface VerifiedLaunch {
  platform: PlatformRow;
  claims: LaunchClaims;
}

/** What jose's errors mean, in words. */
function jwtProblem(err: unknown, platform: PlatformRow): LaunchError {
  if (err instanceof LaunchError) return err;
  if (err instanceof joseErrors.JWTExpired) return new LaunchError('expired', 'The LMS launch has expired (its id_token exp is in the past). Open the link again.');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new LaunchError('signature', "The launch's signature does not match the LMS's public key.");
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new LaunchError('signature', "The launch was signed with a key the LMS does not publish (unknown kid).");
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return new LaunchError('audience', `The launch is addressed to another tool (aud is not client id ${platform.clientId}).`);
    if (err.claim === 'iss') return new LaunchError('issuer', `The launch's issuer is not ${platform.issuer}.`);
    if (err.claim === 'iat') return new LaunchError('issued-at', 'The launch was issued in the future or too long ago (iat); check the clocks of the LMS and of Curvature.');
    return new LaunchError('claims', `The launch's ${err.claim} claim is wrong: ${err.message}.`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new LaunchError('signature', 'The launch is not signed with RS256.');
  if (err instanceof joseErrors.JOSEError) return new LaunchError('token', `The launch's id_token could not be read (${err.message}).`);
  throw err;
}

/**
 * Verifies a launch (the id_token and state the platform posted, and the secret the browser
 * kept): the state is this browser's, unused and unexpired; the id_token is signed by the
 * platform (RS256, its JWKS), for our client id (aud, azp), current (exp, iat with
 * CLOCK_SKEW_S), with the login's nonce, used once; the claims are an LTI 1.3.0 launch of a
 * registered deployment. Throws LaunchError otherwise. A launch posted again is refused by
 * its nonce, which is stored when first accepted.
 */
export async function verifyLaunch(prisma: PrismaClient, form: { id_token?: string; state?: string; bind?: string }, now = new Date()): Promise<VerifiedLaunch> {
  if (!form.id_token) throw new LaunchError('no-token', 'The LMS posted no id_token.');
  if (!form.state) throw new LaunchError('state', 'The LMS posted no state.');
  const row = await prisma.ltiState.findUnique({ where: { state: form.state }, include: { platform: true } });
  if (!row) throw new LaunchError('state', 'This launch does not belong to a login Curvature began (unknown state).');
  const bindOk = !!form.bind && timingSafeEqual(Buffer.from(sha256(form.bind)), Buffer.from(row.bindHash));
  if (!bindOk) throw new LaunchError('state-mismatch', 'This launch was not begun in this browser (state mismatch). Open the link again from the LMS.');
  if (row.expiresAt.getTime() <= now.getTime()) throw new LaunchError('state-expired', 'The login took too long (more than 10 minutes). Open the link again from the LMS.');
  const platform = row.platform;

  let payload: JWTPayload;
  try {
    const { kid } = decodeProtectedHeader(form.id_token);
    const keys = createLocalJWKSet(await platformKeys(prisma, platform, kid, now));
    ({ payload } = await jwtVerify(form.id_token, keys, {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256'],
      clockTolerance: CLOCK_SKEW_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'nonce'],
    }));
  } catch (err) {
    throw jwtProblem(err, platform);
  }
  if (typeof payload.iat === 'number' && payload.iat > now.getTime() / 1000 + CLOCK_SKEW_S) {
    throw new LaunchError('issued-at', 'The launch was issued in the future (iat); check the clocks of the LMS and of Curvature.');
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    throw new LaunchError('audience', `The launch's authorised party (azp) is not client id ${platform.clientId}.`);
  }
  if (payload.nonce !== row.nonce) throw new LaunchError('nonce', "The launch's nonce is not the one Curvature sent with the login.");
  try {
    await prisma.ltiNonce.create({ data: { issuer: platform.issuer, nonce: row.nonce, expiresAt: new Date(((payload.exp ?? 0) + CLOCK_SKEW_S) * 1000) } });
  } catch (err) {
    if (isUniqueViolation(err)) throw new LaunchError('nonce-replayed', 'This launch was already used (its nonce was seen before).');
    throw err;
  }
  // The nonce is stored once (unique), so of two copies of one launch only one gets past here.
  const claimed = await prisma.ltiState.updateMany({ where: { state: row.state, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) throw new LaunchError('state-used', 'This launch was already used. Open the link again from the LMS.');
  if (Math.random() < 0.05) await prisma.ltiNonce.deleteMany({ where: { expiresAt: { lt: now } } });

  const parsed = Launch.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LaunchError('claims', `The launch is incomplete: ${issue.message}${issue.path.length ? ` (${issue.path.join('.')})` : ''}.`);
  }
  const claims = parsed.data;
  const deployment = await prisma.ltiDeployment.findUnique({ where: { platformId_deploymentId: { platformId: platform.id, deploymentId: claims[CLAIM.deploymentId] } } });
  if (!deployment) throw new LaunchError('deployment', `Deployment ${claims[CLAIM.deploymentId]} of this LMS is not registered with Curvature.`);
  if (claims[CLAIM.messageType] === 'LtiResourceLinkRequest' && !claims[CLAIM.resourceLink]) {
    throw new LaunchError('claims', 'The launch is incomplete: the resource_link claim is missing.');
  }
  if (claims[CLAIM.messageType] === 'LtiDeepLinkingRequest' && !claims[CLAIM.deepLinking]) {
    throw new LaunchError('claims', 'The deep-linking request has no deep_linking_settings claim.');
  }
  return { platform, claims };
}

// ─── roles ─────────────────────────────────────────────────────────────────────

/** Context roles that make someone an instructor of the linked course (docs/lti.md "Roles"). */
const STAFF_ROLES = ['Instructor', 'Administrator', 'ContentDeveloper', 'TeachingAssistant'];

/**
 * The Curvature course role of a launch's roles: instructor for the context roles
 * Instructor (and its sub-roles, e.g. TeachingAssistant), Administrator and ContentDeveloper,
 * in full (http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor) or short form;
 * student for everything else (Learner, Mentor, none). Institution and system roles do not
 * count: being staff somewhere in the university is not teaching this course.
 */
export function courseRoleOf(roles: readonly string[]): 'instructor' | 'student' {
  for (const role of roles) {
    const m = /^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/membership(?:\/(\w+))?#(\w+)$/.exec(role);
    const names = m ? [m[1], m[2]] : [role];
    if (names.some((n) => n !== undefined && STAFF_ROLES.includes(n))) return 'instructor';
  }
  return 'student';
}

// ─── what a verified launch does ───────────────────────────────────────────────

/** Links an LMS context to a course. */
export async function linkContext(prisma: PrismaClient, contextRef: string, courseId: string): Promise<void> {
  await prisma.ltiContext.update({ where: { id: contextRef }, data: { courseId } });
}

/** A custom parameter of the launch as text, or undefined. */
function custom(claims: LaunchClaims, name: string): string | undefined {
  const v = claims[CLAIM.custom]?.[name];
  return typeof v === 'string' && v.trim() && !v.startsWith('$') ? v.trim() : undefined;
}

/** Who an LMS says someone is (id_token claims, or an NRPS member). */
export interface LmsPerson {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
}

/** The account linked to (issuer, sub), made on first sight (a launch or a roster sync). */
export async function lmsUser(prisma: PrismaClient, issuer: string, claims: LmsPerson): Promise<{ ltiUserId: string; userId: string; created: boolean }> {
  const linked = await prisma.ltiUser.findUnique({ where: { issuer_sub: { issuer, sub: claims.sub } } });
  const name = (claims.name ?? [claims.given_name, claims.family_name].filter(Boolean).join(' ')).trim().slice(0, 200) || 'LMS user';
  if (linked) {
    if (claims.name || claims.given_name) await prisma.user.update({ where: { id: linked.userId }, data: { name } });
    return { ltiUserId: linked.id, userId: linked.userId, created: false };
  }
  // The LMS's email is used when no Curvature account has it: an LMS cannot prove that an
  // existing account is this person's, so it is never taken over (docs/lti.md "Accounts").
  const email = claims.email?.trim().toLowerCase();
  const free = email && /^[^\s@]+@[^\s@]+$/.test(email) && !(await prisma.user.findUnique({ where: { email }, select: { id: true } }));
  const userId = randomUUID();
  try {
    const user = await prisma.user.create({
      data: { id: userId, name, email: free ? email : `lti-${sha256(`${issuer}\n${claims.sub}`).slice(0, 24).toLowerCase()}@lti.invalid`, emailVerified: false, role: 'student' },
    });
    const row = await prisma.ltiUser.create({ data: { issuer, sub: claims.sub, userId: user.id } });
    return { ltiUserId: row.id, userId: user.id, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Two first launches at once: the other made the link (drop our extra account, if made).
    await prisma.user.deleteMany({ where: { id: userId, ltiUsers: { none: {} } } });
    const row = await prisma.ltiUser.findUnique({ where: { issuer_sub: { issuer, sub: claims.sub } } });
    if (!row) throw err;
    return { ltiUserId: row.id, userId: row.userId, created: false };
  }
}

/** What a launch leads to. */
export interface LaunchResult {
  userId: string;
  courseSlug: string;
  role: 'instructor' | 'student';
  contextRef: string;
  /** The path to open after signing in. */
  target: string;
}

/**
 * Acts on a verified launch: records the context (linking it to the course named by the
 * custom parameter `course` when it has no course yet), signs in as the linked account (made
 * on the first launch), enrols it with the mapped role (an enrolment is raised to instructor,
 * never lowered), records the membership and the resource link (custom `lesson` / `exercise`
 * choose what it opens) and the line item the platform gave for it. Throws LaunchError when
 * the context is linked to no course.
 */
export async function acceptLaunch(prisma: PrismaClient, { platform, claims }: VerifiedLaunch): Promise<LaunchResult> {
  const ctx = claims[CLAIM.context];
  const ags = claims[CLAIM.ags];
  const nrps = claims[CLAIM.nrps];
  const contextData = {
    title: ctx.title ?? ctx.label ?? null,
    deploymentId: claims[CLAIM.deploymentId],
    lineItemsUrl: ags?.lineitems ?? null,
    agsScopes: ags ? ags.scope.join(' ') : null,
    membershipsUrl: nrps?.context_memberships_url ?? null,
  };
  let context = await prisma.ltiContext.upsert({
    where: { platformId_contextId: { platformId: platform.id, contextId: ctx.id } },
    create: { platformId: platform.id, contextId: ctx.id, ...contextData },
    update: contextData,
  });
  const wanted = custom(claims, 'course');
  if (!context.courseId && wanted) {
    const course = await prisma.course.findUnique({ where: { slug: wanted }, select: { id: true } });
    if (!course) throw new LaunchError('no-course', `The LMS link names Curvature course "${wanted}", which does not exist.`);
    context = await prisma.ltiContext.update({ where: { id: context.id }, data: { courseId: course.id } });
  }
  if (!context.courseId) {
    throw new LaunchError(
      'no-course',
      `This LMS course ("${ctx.title ?? ctx.id}") is not linked to a Curvature course yet. Add the custom parameter course=<course id> to the tool in the LMS, or ask an admin to run: npm run admin -- lti link-context --issuer ${platform.issuer} --client-id ${platform.clientId} --context ${ctx.id} --course <course id>`,
    );
  }
  const course = await prisma.course.findUniqueOrThrow({ where: { id: context.courseId }, select: { id: true, slug: true } });

  const { ltiUserId, userId } = await lmsUser(prisma, platform.issuer, claims);
  const role = courseRoleOf(claims[CLAIM.roles]);
  await joinAs(prisma, { userId, ltiUserId, courseId: course.id, contextRef: context.id, role });

  let target = `/courses/${course.slug}`;
  const link = claims[CLAIM.resourceLink];
  if (claims[CLAIM.messageType] === 'LtiResourceLinkRequest' && link) {
    const place = await resolvePlace(prisma, course.id, custom(claims, 'lesson'), custom(claims, 'exercise'));
    const data = { title: link.title ?? null, ...(place ? { lessonSlug: place.lessonSlug, exerciseKey: place.exerciseKey } : {}) };
    const stored = await prisma.ltiResourceLink.upsert({
      where: { contextRef_resourceLinkId: { contextRef: context.id, resourceLinkId: link.id } },
      create: { contextRef: context.id, resourceLinkId: link.id, ...data },
      update: data,
    });
    if (stored.lessonSlug) target = `/courses/${course.slug}/${stored.lessonSlug}${stored.exerciseKey ? `#exercise-${stored.exerciseKey}` : ''}`;
    // A line item the platform made for this link (e.g. by deep linking) is where its scores go.
    if (ags?.lineitem && stored.lessonSlug) {
      const resourceId = stored.exerciseKey ? `exercise:${stored.exerciseKey}` : `lesson:${stored.lessonSlug}`;
      await rememberLineItem(prisma, context.id, resourceId, ags.lineitem, link.title ?? resourceId);
    }
  }
  return { userId, courseSlug: course.slug, role, contextRef: context.id, target };
}

/**
 * Enrols an LMS user in the course with `role` (an enrolment is raised to instructor, never
 * lowered) and records them as a member of the context. Returns whether they were enrolled now.
 */
export async function joinAs(prisma: PrismaClient, who: { userId: string; ltiUserId: string; courseId: string; contextRef: string; role: 'instructor' | 'student' }): Promise<boolean> {
  const { userId, ltiUserId, courseId, contextRef, role } = who;
  let enrolledNow = false;
  const enrolled = await prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  if (!enrolled) {
    try {
      await prisma.enrollment.create({ data: { userId, courseId, role } });
      enrolledNow = true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  } else if (role === 'instructor' && enrolled.role !== 'instructor') {
    await prisma.enrollment.update({ where: { id: enrolled.id }, data: { role } });
  }
  await prisma.ltiMember.upsert({ where: { contextRef_ltiUserId: { contextRef, ltiUserId } }, create: { contextRef, ltiUserId, role }, update: { role } });
  return enrolledNow;
}

/** The lesson (and exercise) of a course named by a lesson slug and/or an exercise key, or null. */
async function resolvePlace(prisma: PrismaClient, courseId: string, lessonSlug?: string, exerciseKey?: string): Promise<{ lessonSlug: string; exerciseKey: string | null } | null> {
  if (exerciseKey) {
    const ex = await prisma.exercise.findUnique({ where: { courseId_key: { courseId, key: exerciseKey } }, select: { lesson: { select: { slug: true } } } });
    if (!ex) throw new LaunchError('no-exercise', `The LMS link names exercise "${exerciseKey}", which this course does not have.`);
    return { lessonSlug: ex.lesson.slug, exerciseKey };
  }
  if (lessonSlug) {
    const lesson = await prisma.lesson.findUnique({ where: { courseId_slug: { courseId, slug: lessonSlug } }, select: { slug: true } });
    if (!lesson) throw new LaunchError('no-lesson', `The LMS link names lesson "${lessonSlug}", which this course does not have.`);
    return { lessonSlug, exerciseKey: null };
  }
  return null;
}

/** Stores the platform's line item URL for (context, resource) unless one is known already. */
export async function rememberLineItem(prisma: PrismaClient, contextRef: string, resourceId: string, url: string, label: string, scoreMaximum = 1): Promise<void> {
  try {
    await prisma.ltiLineItem.create({ data: { contextRef, resourceId, url, label, scoreMaximum } });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await prisma.ltiLineItem.updateMany({ where: { contextRef, resourceId, url: null }, data: { url } });
  }
}

// ─── sign-in tickets ───────────────────────────────────────────────────────────

/** A one-time ticket that signs `userId` in and opens `target` (valid TICKET_TTL_MS). */
export async function issueTicket(prisma: PrismaClient, userId: string, target: string, now = new Date()): Promise<string> {
  const ticket = random();
  await prisma.ltiTicket.create({ data: { id: sha256(ticket), userId, target, expiresAt: new Date(now.getTime() + TICKET_TTL_MS), createdAt: now } });
  return ticket;
}

/** Uses a ticket up: its user and target, or null when unknown, used or expired. */
export async function redeemTicket(prisma: PrismaClient, ticket: string, now = new Date()): Promise<{ userId: string; target: string } | null> {
  const id = sha256(ticket);
  const used = await prisma.ltiTicket.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (used.count !== 1) return null;
  const row = await prisma.ltiTicket.findUniqueOrThrow({ where: { id } });
  if (Math.random() < 0.05) await prisma.ltiTicket.deleteMany({ where: { expiresAt: { lt: now } } });
  return { userId: row.userId, target: row.target };
}

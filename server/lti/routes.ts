/**
 * The LTI route handlers' work (app/api/lti/* are one line each): the login initiation, the
 * launch (relay page, then verification), the tool's JWKS. Each takes the Prisma client, the
 * site's base URL and AUTH_SECRET, so tests call them with their own database.
 */
import type { PrismaClient } from '@/server/db/client';
import { escapeHtml, ltiPage, nonceOf, refusalPage } from './html';
import { toolJwks } from './keys';
import { CLAIM, LaunchError, acceptLaunch, beginLogin, issueTicket, verifyLaunch, type LoginParams } from './launch';
import { deepLinkResponse, startDeepLinking } from './deep-linking';

export interface LtiDeps {
  prisma: PrismaClient;
  /** The site's public URL without a trailing slash (server/auth.ts baseUrl). */
  base: string;
  secret: string;
  now?: Date;
}

/** The fields of a GET query or a form POST, as strings. */
async function fieldsOf(req: Request): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (req.method === 'POST') {
    const form = await req.formData();
    for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
  } else {
    for (const [k, v] of new URL(req.url).searchParams) out[k] = v;
  }
  return out;
}

function refused(where: string, err: LaunchError, nonce: string | undefined): Response {
  console.warn(`lti: refused ${where} (${err.code}): ${err.message}`);
  return refusalPage(err.message, err.code === 'unknown-issuer' || err.code === 'deployment' ? 403 : 400, nonce);
}

/** GET or POST /api/lti/login: the platform's third-party-initiated login. */
export async function loginRoute(req: Request, deps: LtiDeps): Promise<Response> {
  const f = await fieldsOf(req);
  const params: LoginParams = { iss: f.iss, login_hint: f.login_hint, target_link_uri: f.target_link_uri, lti_message_hint: f.lti_message_hint, lti_deployment_id: f.lti_deployment_id, client_id: f.client_id };
  try {
    const { state, bind, redirect } = await beginLogin(deps.prisma, params, `${deps.base}/api/lti/launch`, deps.now);
    // The same login again as a GET, for a window of its own when this frame may not keep storage.
    const again = `${deps.base}/api/lti/login?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'))}`;
    return ltiPage(
      'Signing in from your LMS',
      `<div id="lti" data-step="login" data-state="${escapeHtml(state)}" data-bind="${escapeHtml(bind)}" data-next="${escapeHtml(redirect)}"></div>
<p>Signing you in from your LMS…</p>
<div id="lti-noscript" hidden><p>This browser does not let Curvature keep its sign-in inside the LMS page (site data of other sites is blocked). Open it in a window of its own:</p>
<p><a class="button" href="${escapeHtml(again)}" target="_blank" rel="opener" data-testid="lti-open">Open Curvature in a new window</a></p></div>
<noscript><p>Curvature needs JavaScript to sign you in from your LMS.</p></noscript>`,
      200,
      nonceOf(req.headers),
    );
  } catch (err) {
    if (err instanceof LaunchError) return refused('login', err, nonceOf(req.headers));
    throw err;
  }
}

/**
 * POST /api/lti/launch. The platform posts id_token + state: the answer is a page that adds
 * the secret this browser kept at login and posts all three here again; then the launch is
 * verified and acted on, and the page opens the sign-in ticket (at once at the top level, in
 * a new window from an LMS frame).
 */
export async function launchRoute(req: Request, deps: LtiDeps): Promise<Response> {
  if (req.method !== 'POST') return refusalPage('An LTI launch must be a form POST from the LMS.', 405, nonceOf(req.headers));
  const f = await fieldsOf(req);
  if (f.bind === undefined) {
    return ltiPage(
      'Signing in from your LMS',
      `<div id="lti" data-step="relay"></div>
<form id="lti-form" method="post" action="${escapeHtml(`${deps.base}/api/lti/launch`)}">
<input type="hidden" name="id_token" value="${escapeHtml(f.id_token ?? '')}"><input type="hidden" name="state" value="${escapeHtml(f.state ?? '')}"><input type="hidden" name="bind" value="">
<noscript><p>Curvature needs JavaScript to sign you in from your LMS.</p></noscript></form>
<p>Signing you in from your LMS…</p>`,
      200,
      nonceOf(req.headers),
    );
  }
  try {
    const launch = await verifyLaunch(deps.prisma, { id_token: f.id_token, state: f.state, bind: f.bind }, deps.now);
    const result = await acceptLaunch(deps.prisma, launch);
    let target = result.target;
    if (launch.claims[CLAIM.messageType] === 'LtiDeepLinkingRequest') {
      if (result.role !== 'instructor') throw new LaunchError('deep-linking-role', 'Only an instructor can choose Curvature content for the LMS.');
      target = await startDeepLinking(deps.prisma, launch, result, deps.now);
    }
    const ticket = await issueTicket(deps.prisma, result.userId, target, deps.now);
    const href = `${deps.base}/api/auth/lti/continue?ticket=${encodeURIComponent(ticket)}`;
    console.info(`lti: launch accepted: ${launch.platform.issuer} sub ${launch.claims.sub} → ${target} as ${result.role}`);
    return ltiPage(
      'Signed in from your LMS',
      `<div id="lti" data-step="continue" data-href="${escapeHtml(href)}"></div>
<p>Opening Curvature…</p>
<div id="lti-framed" hidden><p>Your LMS shows Curvature inside its page, where the browser may not keep Curvature's sign-in. Open it in a window of its own:</p>
<p><a class="button" href="${escapeHtml(href)}" target="_blank" rel="opener" data-testid="lti-open">Open Curvature in a new window</a></p></div>
<noscript><p><a href="${escapeHtml(href)}">Continue to Curvature</a></p></noscript>`,
      200,
      nonceOf(req.headers),
    );
  } catch (err) {
    if (err instanceof LaunchError) return refused('launch', err, nonceOf(req.headers));
    throw err;
  }
}

/** GET /api/lti/jwks: the tool's public keys. */
export async function jwksRoute(deps: LtiDeps): Promise<Response> {
  return Response.json(await toolJwks(deps.prisma, deps.secret, deps.now), { headers: { 'cache-control': 'public, max-age=300' } });
}

/** The app's dependencies: the process's database, BASE_URL and AUTH_SECRET. */
export async function appDeps(): Promise<LtiDeps> {
  const [{ getPrisma }, { authSecret, baseUrl }] = await Promise.all([import('@/server/db/client'), import('@/server/auth')]);
  return { prisma: getPrisma(), base: baseUrl(), secret: authSecret() };
}

/** POST /api/lti/deep-link: the instructor's choices → an auto-posting form to the platform. */
export async function deepLinkRoute(req: Request, deps: LtiDeps, userId: string | null): Promise<Response> {
  if (!userId) return refusalPage('Sign in again from the LMS to choose content.', 401, nonceOf(req.headers));
  const form = await req.formData();
  const id = String(form.get('request') ?? '');
  const picks = form.getAll('item').filter((v): v is string => typeof v === 'string');
  if (!picks.length) return refusalPage('Choose at least one lesson or exercise.', 400, nonceOf(req.headers));
  const answer = await deepLinkResponse(deps.prisma, deps, userId, id, picks);
  if (!answer) return refusalPage('This choice was not sent: it names content that is not in the course, or the request is no longer open (sent already, expired, or not yours). Start again from the LMS.', 400, nonceOf(req.headers));
  return ltiPage(
    'Sending your choice to the LMS',
    `<div id="lti" data-step="autopost"></div>
<form id="lti-form" method="post" action="${escapeHtml(answer.returnUrl)}"><input type="hidden" name="JWT" value="${escapeHtml(answer.jwt)}">
<p>Sending your choice to the LMS…</p><noscript><button type="submit">Send to the LMS</button></noscript></form>`,
    200,
    nonceOf(req.headers),
  );
}

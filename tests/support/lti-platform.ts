/**
 * A small LTI 1.3 platform (an LMS) for the tests, written from the IMS specifications
 * (LTI 1.3 core, Security Framework 1.0, Deep Linking 2.0, AGS 2.0, NRPS 2.0), on 127.0.0.1:
 *
 *   GET  /jwks                          its public keys (rotate() adds a new signing key)
 *   GET  /auth                          OIDC authorisation endpoint: checks the request and
 *                                       answers with a page that form-posts id_token + state
 *   POST /token                         client_credentials with a JWT client assertion
 *                                       (verified against the tool's JWKS), returns a bearer token
 *   GET|POST /contexts/:c/lineitems     AGS line items (filters resource_id, resource_link_id, tag)
 *   POST /contexts/:c/lineitems/:i/scores   AGS scores
 *   GET  /contexts/:c/memberships       NRPS, paged by `limit` with a Link rel="next" header
 *   POST /deep-link-return              receives an LtiDeepLinkingResponse (JWT), verified
 *
 * Launches are prepared by the test (prepareLaunch) and named by lti_message_hint; what the
 * tool sends back is recorded for the test to check. `down` makes every service answer 503.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const DEPLOYMENT = 'deploy-1';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export interface PlatformUser {
  sub: string;
  name?: string;
  email?: string;
  /** LTI role URIs */
  roles: string[];
  /** NRPS membership status (default Active) */
  status?: 'Active' | 'Inactive' | 'Deleted';
}

export interface LaunchSpec {
  user: PlatformUser;
  context: { id: string; title: string };
  resourceLink?: { id: string; title: string };
  custom?: Record<string, string>;
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  /** deep linking: the opaque data to be echoed */
  data?: string;
  /** a line item already made for the resource link */
  lineitem?: string;
  /** changes to the id_token's claims (undefined deletes a claim) */
  claims?: Record<string, unknown>;
}

export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  ta: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
  mentor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor',
  institutionFaculty: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty',
};

export interface LineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

export interface ReceivedScore {
  lineItem: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
}

export class TestPlatform {
  readonly clientId = `client-${randomUUID().slice(0, 8)}`;
  url = '';
  /** the tool as registered here */
  tool = { loginUrl: '', redirectUrl: '', jwksUrl: '' };
  private server?: http.Server;
  private keys: { kid: string; privateKey: CryptoKey; publicJwk: JWK }[] = [];
  private launches = new Map<string, LaunchSpec>();
  private usedJti = new Set<string>();
  private tokens = new Map<string, { scopes: string[]; expires: number }>();
  readonly lineItems = new Map<string, LineItem[]>();
  readonly scores: ReceivedScore[] = [];
  readonly tokenRequests: string[][] = [];
  readonly deepLinkResponses: JWTPayload[] = [];
  members = new Map<string, PlatformUser[]>();
  /** every service answers 503 */
  down = false;
  /** score posts fail with this status and message */
  rejectScores: { status: number; message: string } | null = null;
  /** each line item POST answers with a 500 after creating the item (a lost reply) */
  loseLineItemReplies = 0;
  /** seconds a token lives */
  tokenLifetime = 3600;

  get issuer(): string {
    return this.url;
  }

  async start(port = 0): Promise<this> {
    await this.rotate();
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
  }

  /** Registers the tool's URLs (as an LMS admin would). */
  registerTool(base: string): void {
    this.tool = { loginUrl: `${base}/api/lti/login`, redirectUrl: `${base}/api/lti/launch`, jwksUrl: `${base}/api/lti/jwks` };
  }

  /** What Curvature needs to register this platform. */
  registration(name = 'Test LMS') {
    return { name, issuer: this.issuer, clientId: this.clientId, authUrl: `${this.url}/auth`, tokenUrl: `${this.url}/token`, jwksUrl: `${this.url}/jwks`, deployments: [DEPLOYMENT] };
  }

  /** Adds a new signing key (kid), which signs from now on; the old ones stay published. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = `k${this.keys.length + 1}-${randomUUID().slice(0, 6)}`;
    this.keys.push({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } });
    return kid;
  }

  lineItemsUrl(context: string): string {
    return `${this.url}/contexts/${encodeURIComponent(context)}/lineitems`;
  }

  /** The parameters of a third-party-initiated login for `spec` (sent to the tool's login URL). */
  prepareLaunch(spec: LaunchSpec): Record<string, string> {
    const hint = randomUUID();
    this.launches.set(hint, spec);
    return { iss: this.issuer, login_hint: spec.user.sub, target_link_uri: this.tool.redirectUrl, lti_message_hint: hint, client_id: this.clientId, lti_deployment_id: DEPLOYMENT };
  }

  /** The login initiation URL (GET) for `spec`. */
  loginUrl(spec: LaunchSpec): string {
    const u = new URL(this.tool.loginUrl);
    for (const [k, v] of Object.entries(this.prepareLaunch(spec))) u.searchParams.set(k, v);
    return u.toString();
  }

  /** The id_token claims of a launch. */
  claimsFor(spec: LaunchSpec, nonce: string): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const type = spec.messageType ?? 'LtiResourceLinkRequest';
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      sub: spec.user.sub,
      iat: now,
      exp: now + 300,
      nonce,
      name: spec.user.name,
      email: spec.user.email,
      [`${LTI}message_type`]: type,
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: DEPLOYMENT,
      [`${LTI}target_link_uri`]: this.tool.redirectUrl,
      [`${LTI}roles`]: spec.user.roles,
      [`${LTI}context`]: { id: spec.context.id, title: spec.context.title, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      [`${LTI}custom`]: spec.custom ?? {},
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly'],
        lineitems: this.lineItemsUrl(spec.context.id),
        ...(spec.lineitem ? { lineitem: spec.lineitem } : {}),
      },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
        context_memberships_url: `${this.url}/contexts/${encodeURIComponent(spec.context.id)}/memberships`,
        service_versions: ['2.0'],
      },
    };
    if (type === 'LtiResourceLinkRequest') claims[`${LTI}resource_link`] = spec.resourceLink ?? { id: 'link-1', title: 'Link' };
    else {
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${this.url}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        auto_create: true,
        ...(spec.data !== undefined ? { data: spec.data } : {}),
      };
    }
    for (const [k, v] of Object.entries(spec.claims ?? {})) {
      if (v === undefined) delete claims[k];
      else claims[k] = v;
    }
    return claims;
  }

  /** Signs claims as this platform (or with `key`, e.g. one it does not publish). */
  async sign(claims: Record<string, unknown>, opts: { key?: CryptoKey; kid?: string } = {}): Promise<string> {
    const current = this.keys.at(-1)!;
    return new SignJWT(claims as JWTPayload).setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? current.kid, typ: 'JWT' }).sign(opts.key ?? current.privateKey);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const body = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (d) => (data += d));
      req.on('end', () => resolve(data));
    });
    if (url.pathname === '/jwks') return send(200, { keys: this.keys.map((k) => k.publicJwk) });
    if (url.pathname === '/auth') return this.authorize(url, send);
    if (this.down) return send(503, { error: 'the test platform is down' });
    if (url.pathname === '/token' && req.method === 'POST') return this.token(new URLSearchParams(body), send);
    if (url.pathname === '/deep-link-return' && req.method === 'POST') {
      const jwt = new URLSearchParams(body).get('JWT') ?? '';
      const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(this.tool.jwksUrl)), { issuer: this.clientId, audience: this.issuer });
      this.deepLinkResponses.push(payload);
      return send(200, '<!doctype html><title>Done</title><p data-testid="platform-done">The LMS received your choice.</p>');
    }
    const m = /^\/contexts\/([^/]+)\/(lineitems|memberships)(?:\/([^/]+))?(?:\/(scores))?$/.exec(url.pathname);
    if (!m) return send(404, { error: `no ${url.pathname}` });
    const scopes = this.bearer(req);
    if (!scopes) return send(401, { error: 'missing or expired bearer token' });
    const context = decodeURIComponent(m[1]);
    if (m[2] === 'memberships') {
      if (!scopes.includes('https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly')) return send(403, { error: 'scope' });
      const all = this.members.get(context) ?? [];
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const page = all.slice(offset, offset + limit);
      const headers: Record<string, string> = { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' };
      if (offset + limit < all.length) headers.link = `<${this.url}${url.pathname}?limit=${limit}&offset=${offset + limit}>; rel="next"`;
      return send(200, { id: `${this.url}${url.pathname}`, context: { id: context }, members: page.map((u) => ({ status: u.status ?? 'Active', user_id: u.sub, name: u.name, email: u.email, roles: u.roles })) }, headers);
    }
    const items = this.lineItems.get(context) ?? [];
    this.lineItems.set(context, items);
    if (!m[3]) {
      if (req.method === 'GET') {
        const q = url.searchParams;
        const found = items.filter((i) => (!q.get('resource_id') || i.resourceId === q.get('resource_id')) && (!q.get('resource_link_id') || i.resourceLinkId === q.get('resource_link_id')) && (!q.get('tag') || i.tag === q.get('tag')));
        return send(200, found, { 'content-type': 'application/vnd.ims.lis.v2.lineitemcontainer+json' });
      }
      if (!scopes.includes('https://purl.imsglobal.org/spec/lti-ags/scope/lineitem')) return send(403, { error: 'scope' });
      const input = JSON.parse(body) as Omit<LineItem, 'id'>;
      if (typeof input.label !== 'string' || !(input.scoreMaximum > 0)) return send(400, { error: 'label and scoreMaximum > 0 are required' });
      const item = { ...input, id: `${this.lineItemsUrl(context)}/${randomUUID().slice(0, 8)}` };
      items.push(item);
      if (this.loseLineItemReplies > 0) {
        this.loseLineItemReplies--;
        return send(500, { error: 'the reply was lost' });
      }
      return send(201, item, { 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' });
    }
    const item = items.find((i) => i.id === `${this.lineItemsUrl(context)}/${m[3]}`);
    if (!item) return send(404, { error: 'no such line item' });
    if (m[4] === 'scores' && req.method === 'POST') {
      if (!scopes.includes('https://purl.imsglobal.org/spec/lti-ags/scope/score')) return send(403, { error: 'scope' });
      if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json') return send(415, { error: `content type ${req.headers['content-type']}` });
      if (this.rejectScores) return send(this.rejectScores.status, { error: this.rejectScores.message });
      const score = JSON.parse(body) as Omit<ReceivedScore, 'lineItem'>;
      this.scores.push({ ...score, lineItem: item.id });
      return send(200, {});
    }
    return send(req.method === 'GET' ? 200 : 405, item);
  }

  private async authorize(url: URL, send: (status: number, body: unknown) => void): Promise<void> {
    const q = url.searchParams;
    const problems: string[] = [];
    if (q.get('scope') !== 'openid') problems.push('scope must be openid');
    if (q.get('response_type') !== 'id_token') problems.push('response_type must be id_token');
    if (q.get('response_mode') !== 'form_post') problems.push('response_mode must be form_post');
    if (q.get('prompt') !== 'none') problems.push('prompt must be none');
    if (q.get('client_id') !== this.clientId) problems.push('unknown client_id');
    if (q.get('redirect_uri') !== this.tool.redirectUrl) problems.push('redirect_uri is not registered');
    if (!q.get('nonce') || !q.get('state')) problems.push('nonce and state are required');
    const spec = this.launches.get(q.get('lti_message_hint') ?? '');
    if (!spec) problems.push('lti_message_hint was not echoed unaltered');
    else if (q.get('login_hint') !== spec.user.sub) problems.push('login_hint was not echoed unaltered');
    if (problems.length) return send(400, { error: 'invalid_request', problems });
    const idToken = await this.sign(this.claimsFor(spec!, q.get('nonce')!));
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    send(
      200,
      `<!doctype html><title>Test LMS</title><form id="f" method="post" action="${esc(q.get('redirect_uri')!)}">` +
        `<input type="hidden" name="id_token" value="${esc(idToken)}"><input type="hidden" name="state" value="${esc(q.get('state')!)}"></form>` +
        `<script>document.getElementById('f').submit()</script>`,
    );
  }

  private async token(form: URLSearchParams, send: (status: number, body: unknown) => void): Promise<void> {
    if (form.get('grant_type') !== 'client_credentials') return send(400, { error: 'unsupported_grant_type' });
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return send(400, { error: 'invalid_request' });
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(form.get('client_assertion') ?? '', createRemoteJWKSet(new URL(this.tool.jwksUrl)), { issuer: this.clientId, subject: this.clientId, audience: `${this.url}/token`, algorithms: ['RS256'] }));
    } catch (err) {
      return send(401, { error: 'invalid_client', error_description: String(err) });
    }
    if (!payload.jti || this.usedJti.has(payload.jti)) return send(401, { error: 'invalid_client', error_description: 'jti missing or reused' });
    this.usedJti.add(payload.jti);
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    this.tokenRequests.push(scopes);
    const token = randomBytes(16).toString('hex');
    this.tokens.set(token, { scopes, expires: Date.now() + this.tokenLifetime * 1000 });
    send(200, { access_token: token, token_type: 'Bearer', expires_in: this.tokenLifetime, scope: scopes.join(' ') });
  }

  private bearer(req: http.IncomingMessage): string[] | null {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const t = m ? this.tokens.get(m[1]) : undefined;
    return t && t.expires > Date.now() ? t.scopes : null;
  }
}

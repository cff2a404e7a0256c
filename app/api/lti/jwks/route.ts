/** GET /api/lti/jwks: Curvature's public signing keys, for LMSs (server/lti/keys.ts). */
import { appDeps, jwksRoute } from '@/server/lti/routes';

export const dynamic = 'force-dynamic';

export async function GET() {
  return jwksRoute(await appDeps());
}

/** POST /api/drafts: a student's unsent answer in parts, kept to resume on any device; not graded (server/exercise-api.ts). */
import { draftRoute } from '@/server/exercise-api';

export const dynamic = 'force-dynamic';

export const POST = draftRoute;

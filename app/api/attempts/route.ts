/** POST /api/attempts: a student's answer, graded and stored (server/exercise-api.ts). */
import { submitRoute } from '@/server/exercise-api';

export const dynamic = 'force-dynamic';

export const POST = submitRoute;

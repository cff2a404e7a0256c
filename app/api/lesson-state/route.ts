/** GET /api/lesson-state?course=…&lesson=…: the signed-in student's exercise cards (server/exercise-api.ts). */
import { lessonStateRoute } from '@/server/exercise-api';

export const dynamic = 'force-dynamic';

export const GET = lessonStateRoute;

/** POST /api/practice: new variants of a finished exercise, graded and never stored (server/exercise-api.ts). */
import { practiceRoute } from '@/server/exercise-api';

export const dynamic = 'force-dynamic';

export const POST = practiceRoute;

/**
 * What the dashboard's server actions answer. Kept apart from the 'use server' modules, which
 * may export only async functions. (The exercise cards' requests: server/exercise-api.ts.)
 */
import type { EnrolOutcome, OptionsOutcome } from '@/server/enrolment';

/** The state of an enrolment form after a submission (for useActionState). */
export interface FormState {
  status: 'idle' | 'ok' | 'error';
  message: string;
}

export type { EnrolOutcome, OptionsOutcome };

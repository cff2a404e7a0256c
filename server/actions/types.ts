/**
 * What the students' server actions answer. Kept apart from the 'use server' modules, which
 * may export only async functions.
 */
import type { LessonView, SubmitOutcome } from '@/server/attempts';
import type { EnrolOutcome, OptionsOutcome } from '@/server/enrolment';

/** The request was malformed (failed validation); `message` says which field. */
export interface Invalid {
  status: 'invalid';
  message: string;
}

/** Nobody is signed in. */
export interface SignedOut {
  status: 'signed-out';
}

/** loadLessonState's answer. */
export type LessonStateResponse = LessonView | SignedOut | Invalid;

/** submitAnswer's answer. */
export type SubmitResponse = SubmitOutcome | SignedOut | Invalid;

/** The state of an enrolment form after a submission (for useActionState). */
export interface FormState {
  status: 'idle' | 'ok' | 'error';
  message: string;
}

export type { EnrolOutcome, OptionsOutcome };

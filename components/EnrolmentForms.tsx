'use client';
/**
 * The dashboard's enrolment forms: joining a course (a button for open enrolment, else a
 * join-code field) and, for an instructor of the course, its enrolment options. Both post
 * to server actions, which check who is asking.
 */
import { useActionState } from 'react';
import { enrolInCourse, saveEnrolmentOptions } from '@/server/actions/enrolment';
import type { FormState } from '@/server/actions/types';
import { FormMessage } from './FormMessage';

const IDLE: FormState = { status: 'idle', message: '' };


/** Join a course: one button when enrolment is open, else a join code. */
export function EnrolForm({ course, title, open }: { course: string; title: string; open: boolean }) {
  const [state, action, pending] = useActionState(enrolInCourse, IDLE);
  const messageId = `enrol-${course}-message`;
  return (
    <form action={action} className="inline-form" aria-describedby={state.status === 'idle' ? undefined : messageId}>
      <input type="hidden" name="course" value={course} />
      {!open && (
        <label>
          Join code
          <input type="text" name="code" required autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={32} />
        </label>
      )}
      <button type="submit" disabled={pending} aria-label={`Enrol in ${title}`}>
        {pending ? 'Enrolling…' : 'Enrol'}
      </button>
      <FormMessage state={state} id={messageId} />
    </form>
  );
}

/** An instructor's enrolment options of a course: open enrolment and the join code. */
export function EnrolmentOptionsForm({ course, open, joinCode }: { course: string; open: boolean; joinCode: string | null }) {
  const [state, action, pending] = useActionState(saveEnrolmentOptions, IDLE);
  const messageId = `options-${course}-message`;
  return (
    <form action={action} className="inline-form" aria-label="Enrolment options" aria-describedby={state.status === 'idle' ? undefined : messageId}>
      <input type="hidden" name="course" value={course} />
      <label className="checkbox">
        <input type="checkbox" name="openEnrollment" defaultChecked={open} /> Anyone signed in may enrol
      </label>
      <label>
        Course join code
        <input type="text" name="joinCode" defaultValue={joinCode ?? ''} autoComplete="off" spellCheck={false} maxLength={32} placeholder="none" />
      </label>
      <button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save enrolment options'}
      </button>
      <FormMessage state={state} id={messageId} />
    </form>
  );
}

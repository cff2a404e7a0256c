'use client';
/**
 * The roster page's forms: importing a list of people (pasted, or a .csv file read in the
 * browser into the same text box), a member's role and removal buttons, and cancelling an
 * invitation. Each posts to a server action in server/actions/teach-roster.ts, which checks
 * on every call that the user teaches the course. Everything shown is plain React text.
 */
import { useActionState, useRef, useState, type ChangeEvent } from 'react';
import { cancelInvitation, changeMemberRole, importRoster, removeMember } from '@/server/actions/teach-roster';
import type { CourseRole } from '@/server/roles';
import type { RosterFormState } from '@/server/teach/roster';

const IDLE: RosterFormState = { status: 'idle', message: '' };

/** Same limit as the server's MAX_ROSTER_BYTES (checked there again). */
const MAX_BYTES = 1_000_000;

/**
 * A form's answer. A partly applied import ('partial') is not shown as a failure: what was
 * done in the normal colour, and only the lines that were not imported in red.
 */
function Message({ state, id }: { state: RosterFormState; id: string }) {
  if (state.status === 'idle') return null;
  const details = state.details ?? [];
  const notDone = details.filter((d) => d.endsWith('— not imported.'));
  const done = details.filter((d) => !d.endsWith('— not imported.'));
  const tone = state.status === 'error' ? 'error' : state.status === 'partial' ? 'partial' : 'ok';
  return (
    <div id={id}>
      <p role={state.status === 'error' ? 'alert' : 'status'} className={tone} data-testid="roster-message" data-status={state.status}>
        {state.message}
      </p>
      {notDone.length > 0 && (
        <ul className="small error-list" data-testid="roster-errors" aria-label="Lines not imported">
          {notDone.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      {done.length > 0 && (
        <ul className="small" data-testid="roster-details">
          {done.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Paste or upload a list of email addresses (CSV) to invite. */
export function RosterImportForm({ course }: { course: string }) {
  const [state, action, pending] = useActionState(importRoster, IDLE);
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  async function readFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setFileError('');
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(`That file is ${file.size.toLocaleString('en')} bytes; at most ${MAX_BYTES.toLocaleString('en')} (1 MB) can be imported at once.`);
      return;
    }
    setText(await file.text());
    if (fileInput.current) fileInput.current.value = '';
  }

  const tooLong = new Blob([text]).size > MAX_BYTES;
  return (
    <form action={action} className="stack roster-import" aria-label="Import people" aria-describedby="roster-import-message">
      <input type="hidden" name="course" value={course} />
      <label>
        Email addresses or CSV
        <textarea
          name="csv"
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          placeholder={'email,name,role\nada@example.edu,Ada Lovelace,student\nalan@example.edu'}
          style={{ fontFamily: 'var(--mono-font)', width: '100%' }}
        />
      </label>
      <label>
        Or read a .csv file into the box
        <input ref={fileInput} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={readFile} />
      </label>
      {fileError && (
        <p role="alert" className="error">
          {fileError}
        </p>
      )}
      {tooLong && (
        <p role="alert" className="error">
          The list is longer than 1 MB; split it and import the parts one after another.
        </p>
      )}
      <button type="submit" disabled={pending || tooLong || text.trim() === ''}>
        {pending ? 'Importing…' : 'Import'}
      </button>
      <Message state={state} id="roster-import-message" />
    </form>
  );
}

/** The role and removal controls of one member's row (none on the viewer's own row). */
export function RosterMemberActions({ course, userId, who, role }: { course: string; userId: string; who: string; role: CourseRole }) {
  const [roleState, roleAction, rolePending] = useActionState(changeMemberRole, IDLE);
  const [removeState, removeAction, removePending] = useActionState(removeMember, IDLE);
  const [confirming, setConfirming] = useState(false);
  const other: CourseRole = role === 'instructor' ? 'student' : 'instructor';
  return (
    <div className="inline-form">
      <form action={roleAction}>
        <input type="hidden" name="course" value={course} />
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="role" value={other} />
        <button type="submit" disabled={rolePending} aria-label={`Make ${who} ${other === 'instructor' ? 'an instructor' : 'a student'}`}>
          {other === 'instructor' ? 'Make instructor' : 'Make student'}
        </button>
      </form>
      {confirming ? (
        <form action={removeAction} aria-label={`Remove ${who}`}>
          <input type="hidden" name="course" value={course} />
          <input type="hidden" name="userId" value={userId} />
          <p className="small">
            Remove {who} from the course? Their attempts stay in the database and reappear if they are enrolled again.
          </p>
          <button type="submit" className="danger" disabled={removePending}>
            {removePending ? 'Removing…' : 'Yes, remove'}
          </button>{' '}
          <button type="button" className="link-button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </form>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)} aria-label={`Remove ${who}…`}>
          Remove…
        </button>
      )}
      <Message state={roleState} id={`role-${userId}-message`} />
      <Message state={removeState} id={`remove-${userId}-message`} />
    </div>
  );
}

/** Cancel one pending invitation. */
export function RosterCancelInvitation({ course, invitationId, email }: { course: string; invitationId: string; email: string }) {
  const [state, action, pending] = useActionState(cancelInvitation, IDLE);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="course" value={course} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <button type="submit" disabled={pending} aria-label={`Cancel the invitation of ${email}`}>
        Cancel invitation
      </button>
      <Message state={state} id={`invitation-${invitationId}-message`} />
    </form>
  );
}

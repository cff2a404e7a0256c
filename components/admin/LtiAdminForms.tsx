'use client';
/** The admin's LTI forms: register an LMS, rotate the signing key. */
import { useActionState, useState, type ChangeEvent } from 'react';
import { addPlatformAction, rotateKeyAction, type AdminState } from '@/server/actions/admin-lti';

const IDLE: AdminState = { status: 'idle', message: '' };

function Status({ state }: { state: AdminState }) {
  if (state.status === 'idle') return null;
  return (
    <p role="status" className={state.status === 'error' ? 'error' : undefined} data-testid="admin-lti-status">
      {state.message}
    </p>
  );
}

const FIELDS = [
  ['name', 'Name (for you)', 'Moodle, maths faculty'],
  ['issuer', 'Issuer (platform id)', 'https://moodle.example.edu'],
  ['clientId', 'Client id', ''],
  ['authUrl', 'Authorisation (OIDC auth) URL', 'https://moodle.example.edu/mod/lti/auth.php'],
  ['tokenUrl', 'Access token URL', 'https://moodle.example.edu/mod/lti/token.php'],
  ['jwksUrl', 'Public keyset (JWKS) URL', 'https://moodle.example.edu/mod/lti/certs.php'],
] as const;

export function AddPlatformForm() {
  const [state, action, pending] = useActionState(addPlatformAction, IDLE);
  // Controlled, so that what was typed stays when the server refuses it.
  const [values, setValues] = useState<Record<string, string>>({});
  const bind = (name: string) => ({ name, value: values[name] ?? '', onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues({ ...values, [name]: e.target.value }) });
  return (
    <form action={action}>
      {FIELDS.map(([name, label, placeholder]) => (
        <p key={name}>
          <label>
            {label}
            <br />
            <input {...bind(name)} required placeholder={placeholder} style={{ width: '100%' }} />
          </label>
        </p>
      ))}
      <p>
        <label>
          Deployment ids (one per line)
          <br />
          <textarea {...bind('deployments')} required rows={2} style={{ width: '100%' }} />
        </label>
      </p>
      <button type="submit" disabled={pending}>
        Register LMS
      </button>
      <Status state={state} />
    </form>
  );
}

export function RotateKeyForm() {
  const [state, action, pending] = useActionState(rotateKeyAction, IDLE);
  return (
    <form action={action}>
      <button type="submit" disabled={pending}>
        Make a new signing key
      </button>
      <Status state={state} />
    </form>
  );
}

/** A form's answer after a submission: nothing while idle, an alert on error, a status otherwise. */
import type { FormState } from '@/server/actions/types';

export function FormMessage({ state, id }: { state: FormState; id: string }) {
  if (state.status === 'idle') return null;
  return (
    <p id={id} role={state.status === 'error' ? 'alert' : 'status'} className={state.status === 'error' ? 'error' : 'ok'}>
      {state.message}
    </p>
  );
}

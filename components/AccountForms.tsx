'use client';
/**
 * Forms for one's own account: confirming the e-mail address from the mailed link, asking
 * for a new link, and answering course invitations. Each posts to server/actions/account.ts.
 */
import { useActionState, type ReactNode } from 'react';
import {
  acceptInvitationAction,
  acceptInvitationLinkAction,
  confirmEmailAction,
  declineInvitationAction,
  resendConfirmation,
  unlockSignInAction,
} from '@/server/actions/account';
import type { FormState } from '@/server/actions/types';
import { FormMessage } from './FormMessage';

const IDLE: FormState = { status: 'idle', message: '' };

/**
 * One button that posts a mailed link's token (a link alone must not act: mail scanners open
 * links). The button goes once the action succeeds; `done` is shown after it.
 */
function TokenForm({
  token,
  action: post,
  label,
  pendingLabel,
  messageId,
  done,
}: {
  token: string;
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  label: string;
  pendingLabel: string;
  messageId: string;
  done?: ReactNode;
}) {
  const [state, action, pending] = useActionState(post, IDLE);
  return (
    <form action={action} className="stack">
      <input type="hidden" name="token" value={token} />
      {state.status !== 'ok' && (
        <button type="submit" disabled={pending}>
          {pending ? pendingLabel : label}
        </button>
      )}
      <FormMessage state={state} id={messageId} />
      {state.status === 'ok' && done}
    </form>
  );
}

/** The button on the confirmation link's page. */
export function ConfirmEmailForm({ token }: { token: string }) {
  return <TokenForm token={token} action={confirmEmailAction} label="Confirm my address" pendingLabel="Confirming…" messageId="confirm-message" />;
}

/** Send the confirmation link again. */
export function ResendConfirmationForm() {
  const [state, action, pending] = useActionState(resendConfirmation, IDLE);
  return (
    <form action={action} className="inline-form">
      <button type="submit" className="link-button" disabled={pending}>
        {pending ? 'Sending…' : 'Send the link again'}
      </button>
      <FormMessage state={state} id="resend-message" />
    </form>
  );
}

/** Accept or decline one invitation on the dashboard. */
export function InvitationAnswer({ invitationId, title }: { invitationId: string; title: string }) {
  const [accepted, accept, accepting] = useActionState(acceptInvitationAction, IDLE);
  const [declined, decline, declining] = useActionState(declineInvitationAction, IDLE);
  return (
    <div className="inline-form">
      <form action={accept}>
        <input type="hidden" name="invitationId" value={invitationId} />
        <button type="submit" disabled={accepting || declining} aria-label={`Accept the invitation to ${title}`}>
          Accept
        </button>
      </form>{' '}
      <form action={decline}>
        <input type="hidden" name="invitationId" value={invitationId} />
        <button type="submit" className="link-button" disabled={accepting || declining} aria-label={`Decline the invitation to ${title}`}>
          Decline
        </button>
      </form>
      <FormMessage state={accepted} id={`accept-${invitationId}`} />
      <FormMessage state={declined} id={`decline-${invitationId}`} />
    </div>
  );
}

/** Accept the invitation of an e-mailed link. */
export function InvitationLinkForm({ token }: { token: string }) {
  return <TokenForm token={token} action={acceptInvitationLinkAction} label="Accept the invitation" pendingLabel="Joining…" messageId="invitation-message" />;
}

/** The button on the unlock link's page. */
export function UnlockForm({ token }: { token: string }) {
  return (
    <TokenForm
      token={token}
      action={unlockSignInAction}
      label="Let me sign in again"
      pendingLabel="Unlocking…"
      messageId="unlock-message"
      done={<a href="/sign-in">Sign in</a>}
    />
  );
}

'use server';
/**
 * Server actions for the signed-in user's own account: confirm the e-mail address (the
 * mailed link's page), send the confirmation again, answer course invitations — by id
 * from the dashboard, or through the e-mailed link — and clear sign-in waits (unlock link). Each acts only for the session's user.
 */
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { baseUrl, currentUser, redeemUnlockLink } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { acceptInvitation, acceptInvitationLink, declineInvitation } from '@/server/invitations';
import { getMailer, hasMailbox } from '@/server/mail';
import { confirmEmail, mailVerificationLink } from '@/server/verification';
import type { FormState } from './types';

const Token = z.object({ token: z.string().min(1).max(200) });
const InvitationId = z.object({ invitationId: z.string().min(1).max(100) });

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Uses an address-confirmation link (field: token). Needs no sign-in: the link is the proof. */
export async function confirmEmailAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = Token.safeParse({ token: field(form, 'token') });
  if (!parsed.success || !(await confirmEmail(getPrisma(), parsed.data.token))) {
    return { status: 'error', message: 'This link does not work any more (used already, or older than 24 hours). Sign in and ask for a new one on your dashboard.' };
  }
  revalidatePath('/dashboard');
  return { status: 'ok', message: 'Your e-mail address is confirmed.' };
}

/** Mails the signed-in user a new confirmation link. */
export async function resendConfirmation(_prev: FormState): Promise<FormState> {
  const user = await currentUser(await headers());
  if (!user) return { status: 'error', message: 'Sign in first.' };
  const prisma = getPrisma();
  const row = await prisma.user.findUnique({ where: { id: user.id }, select: { emailVerified: true } });
  if (row?.emailVerified) return { status: 'ok', message: 'Your address is already confirmed.' };
  if (!hasMailbox(user.email)) return { status: 'error', message: 'Your account has no e-mail address (your LMS made it without one), so there is nothing to confirm.' };
  try {
    await mailVerificationLink(prisma, getMailer(), user, baseUrl());
  } catch (err) {
    console.error(`curvature: could not mail the address confirmation to ${user.email}:`, err instanceof Error ? err.message : err);
    return { status: 'error', message: 'The e-mail could not be sent. Try again later, or ask the site administrator.' };
  }
  return { status: 'ok', message: `A new link is on its way to ${user.email}.` };
}

const ACCEPT_MESSAGES = {
  joined: 'You joined the course.',
  'not-found': 'That invitation is no longer there (cancelled, or answered already).',
  'confirm-address': 'Confirm your e-mail address first (the link we mailed you), then accept.',
} as const;

/** Accepts one of the signed-in user's invitations (field: invitationId). */
export async function acceptInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = InvitationId.safeParse({ invitationId: field(form, 'invitationId') });
  if (!parsed.success) return { status: 'error', message: 'The form was not filled in correctly.' };
  const user = await currentUser(await headers());
  if (!user) return { status: 'error', message: 'Sign in first.' };
  const outcome = await acceptInvitation(getPrisma(), user.id, parsed.data.invitationId);
  if (outcome === 'joined') revalidatePath('/dashboard');
  return { status: outcome === 'joined' ? 'ok' : 'error', message: ACCEPT_MESSAGES[outcome] };
}

/** Turns down one of the signed-in user's invitations (field: invitationId). */
export async function declineInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = InvitationId.safeParse({ invitationId: field(form, 'invitationId') });
  if (!parsed.success) return { status: 'error', message: 'The form was not filled in correctly.' };
  const user = await currentUser(await headers());
  if (!user) return { status: 'error', message: 'Sign in first.' };
  const declined = await declineInvitation(getPrisma(), user.id, parsed.data.invitationId);
  if (declined) revalidatePath('/dashboard');
  return declined ? { status: 'ok', message: 'Invitation declined.' } : { status: 'error', message: ACCEPT_MESSAGES['not-found'] };
}

/** Accepts the invitation of an e-mailed link (field: token) for the signed-in user, then goes to the dashboard. */
export async function acceptInvitationLinkAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = Token.safeParse({ token: field(form, 'token') });
  if (!parsed.success) return { status: 'error', message: 'This invitation link is not complete.' };
  const user = await currentUser(await headers());
  if (!user) return { status: 'error', message: 'Sign in first.' };
  const outcome = await acceptInvitationLink(getPrisma(), user.id, parsed.data.token);
  // Joined: the link is spent, so its page has nothing more to show; the course is on the dashboard.
  if (outcome.status === 'joined') redirect('/dashboard');
  if (outcome.status === 'other-account') return { status: 'error', message: `This invitation is for ${outcome.email}: sign in with that address to accept it.` };
  return { status: 'error', message: 'This invitation link does not work any more (used already, cancelled, or older than 14 days).' };
}

/** Uses a sign-in unlock link (field: token): clears the account's sign-in waits. Needs no sign-in. */
export async function unlockSignInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = Token.safeParse({ token: field(form, 'token') });
  if (!parsed.success || !(await redeemUnlockLink(getPrisma(), parsed.data.token))) {
    return { status: 'error', message: 'This link does not work any more (used already, or older than an hour).' };
  }
  return { status: 'ok', message: 'Done: you can sign in again now, without waiting.' };
}

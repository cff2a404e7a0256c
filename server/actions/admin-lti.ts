'use server';
/**
 * Server actions of the admin's LTI page (app/admin/lti): register an LMS and rotate the
 * tool's signing key. Each checks on every call that the session's user is a site admin.
 */
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { authSecret, currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { rotateToolKey } from '@/server/lti/keys';
import { PlatformError, registerPlatform } from '@/server/lti/platforms';

export interface AdminState {
  status: 'idle' | 'ok' | 'error';
  message: string;
}

async function isAdmin(): Promise<AdminState | null> {
  const user = await currentUser(await headers());
  if (!user) return { status: 'error', message: 'Sign in first.' };
  if (user.role !== 'admin') return { status: 'error', message: 'Only a site admin may do that.' };
  return null;
}

/** Registers a platform from the form (name, issuer, clientId, authUrl, tokenUrl, jwksUrl, deployments: one per line). */
export async function addPlatformAction(_state: AdminState, form: FormData): Promise<AdminState> {
  const refusal = await isAdmin();
  if (refusal) return refusal;
  const text = (k: string) => String(form.get(k) ?? '');
  try {
    const { created } = await registerPlatform(getPrisma(), {
      name: text('name'),
      issuer: text('issuer'),
      clientId: text('clientId'),
      authUrl: text('authUrl'),
      tokenUrl: text('tokenUrl'),
      jwksUrl: text('jwksUrl'),
      deployments: text('deployments')
        .split(/[\s,]+/)
        .filter(Boolean),
    });
    revalidatePath('/admin/lti');
    return { status: 'ok', message: created ? `Registered ${text('name')}.` : `Updated ${text('name')}.` };
  } catch (err) {
    if (err instanceof PlatformError) return { status: 'error', message: `Not registered: ${err.message}` };
    throw err;
  }
}

/** Makes a new signing key; the old one stays published for 14 days. */
export async function rotateKeyAction(): Promise<AdminState> {
  const refusal = await isAdmin();
  if (refusal) return refusal;
  const kid = await rotateToolKey(getPrisma(), authSecret());
  revalidatePath('/admin/lti');
  return { status: 'ok', message: `New signing key ${kid}.` };
}

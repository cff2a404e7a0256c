'use client';

import { createAuthClient } from 'better-auth/react';

/** The browser side of better-auth, shared by the sign-in and sign-up forms. */
export const authClient = createAuthClient();

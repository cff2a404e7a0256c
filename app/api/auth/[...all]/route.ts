import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/server/auth';

// The handler is built per request from the lazily created instance, so building the app
// never opens the database.
export async function GET(request: Request) {
  return toNextJsHandler(getAuth()).GET(request);
}
export async function POST(request: Request) {
  return toNextJsHandler(getAuth()).POST(request);
}

/**
 * The exercise cards' two requests to the server (server/exercise-api.ts): the signed-in
 * student's state of a lesson, fetched once per page view and shared by every card on the
 * page (the cards mount together, so they all wait on one request; the entry is dropped
 * when it settles, so a later visit asks again), sending an answer, and practice requests.
 */
import type { LessonStateResponse, PracticeRequest, PracticeResponse, SubmitRequest, SubmitResponse } from '@/server/wire';

/**
 * The JSON body of an answer from our API, whatever its HTTP status (a 401, 403 or 404
 * says in its body what happened). Throws when there is none: the server or a proxy in
 * front of it failed, and the caller offers to try again.
 */
async function jsonBody<T>(res: Response): Promise<T> {
  if (!(res.headers.get('content-type') ?? '').includes('application/json')) throw new Error(`the server answered ${res.status}`);
  return (await res.json()) as T;
}

const pending = new Map<string, Promise<LessonStateResponse>>();

/** The state of `lesson` in `course` for whoever is signed in. */
export function fetchLessonState(course: string, lesson: string): Promise<LessonStateResponse> {
  const key = `${course}/${lesson}`;
  let request = pending.get(key);
  if (!request) {
    const query = new URLSearchParams({ course, lesson });
    request = fetch(`/api/lesson-state?${query}`, { cache: 'no-store' }).then((res) => jsonBody<LessonStateResponse>(res));
    pending.set(key, request);
    const forget = () => pending.delete(key);
    request.then(forget, forget);
  }
  return request;
}

/** POSTs `body` as JSON to one of our API routes; rejects when the server could not be reached. */
async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
  });
  return jsonBody<T>(res);
}

/** Sends an answer to be graded and stored. */
export function submitAnswer(body: SubmitRequest): Promise<SubmitResponse> {
  return postJson<SubmitResponse>('/api/attempts', body);
}

/** Asks for a practice variant, or (with its token) grades a practice answer; nothing is stored. */
export function practise(body: PracticeRequest): Promise<PracticeResponse> {
  return postJson<PracticeResponse>('/api/practice', body);
}

/**
 * The signed-in student's state of one lesson, fetched once per page view from the server
 * action and shared by every exercise card on the page (the cards mount together, so they
 * all wait on one request). The entry is dropped when the request settles, so a later
 * visit to the lesson asks again.
 */
import { loadLessonState } from '@/server/actions/exercises';
import type { LessonStateResponse } from '@/server/actions/types';

const pending = new Map<string, Promise<LessonStateResponse>>();

/** The state of `lesson` in `course` for whoever is signed in. */
export function fetchLessonState(course: string, lesson: string): Promise<LessonStateResponse> {
  const key = `${course}/${lesson}`;
  let request = pending.get(key);
  if (!request) {
    request = loadLessonState({ course, lesson });
    pending.set(key, request);
    const forget = () => pending.delete(key);
    request.then(forget, forget);
  }
  return request;
}

/**
 * The key of the server process's store of lesson prose by id (globalThis), shared by the
 * lesson page's server components, which fill it, and LessonProse's server render, which
 * reads it. In a file of its own: a value exported from a 'use client' file is a client
 * reference, not the value, in a server component.
 */
export const PROSE_STORE = '__curvatureLessonProse';

/**
 * The courses this deployment serves, read from `content/` at build time.
 * Adding a course: one import and one entry below.
 */
import type { ComponentType } from 'react';
import type { LessonMeta } from '@/lib/content';
import curvature from '@/content/curvature/course.json';

export interface CourseInfo {
  slug: string;
  title: string;
  description: string;
  lessons: string[];
}

export interface LessonModule {
  default: ComponentType<{ components?: Record<string, unknown> }>;
  meta: LessonMeta;
}

export const COURSES: CourseInfo[] = [curvature];

export function findCourse(slug: string): CourseInfo | undefined {
  return COURSES.find((c) => c.slug === slug);
}

/** The compiled MDX module of one lesson (KaTeX already rendered to HTML at build time). */
export async function loadLesson(course: string, lesson: string): Promise<LessonModule> {
  return (await import(`@/content/${course}/${lesson}.mdx`)) as LessonModule;
}

/** All lessons of a course with their metadata, in course order. */
export async function lessonList(course: CourseInfo) {
  return Promise.all(
    course.lessons.map(async (slug, index) => ({ slug, index, meta: (await loadLesson(course.slug, slug)).meta })),
  );
}

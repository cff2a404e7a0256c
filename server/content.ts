/** The courses under content/, loaded for the database seed (Node only). */
import path from 'node:path';
import { listCourses, loadCourse } from '@/lib/content/load';
import type { CourseData } from '@/server/db/seed';

/** Every course folder of `contentDir` (default: ./content), in the shape the seed stores. */
export async function loadContentCourses(contentDir = path.resolve('content')): Promise<CourseData[]> {
  return Promise.all((await listCourses(contentDir)).map((dir) => loadCourse(dir)));
}

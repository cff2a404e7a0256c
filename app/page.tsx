import Link from 'next/link';
import { COURSES, lessonList } from '@/server/courses';

export default async function Home() {
  const courses = await Promise.all(COURSES.map(async (c) => ({ course: c, lessons: await lessonList(c) })));
  return (
    <>
      {courses.map(({ course, lessons }) => (
        <section key={course.slug} aria-labelledby={`course-${course.slug}`}>
          <h1 id={`course-${course.slug}`}>{course.title}</h1>
          <p>{course.description}</p>
          <ol className="lessons">
            {lessons.map(({ slug, meta }) => (
              <li key={slug}>
                <Link href={`/courses/${course.slug}/${slug}`}>{meta.title}</Link>
                {meta.summary && <p>{meta.summary}</p>}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}

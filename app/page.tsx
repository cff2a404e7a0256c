import Link from 'next/link';
import { publishedCourses } from '@/server/courses';

// Courses are data: the published versions are read from the database on each request.
export const dynamic = 'force-dynamic';

export default async function Home() {
  const courses = (await publishedCourses()).map((c) => ({ course: c, lessons: c.lessonInfo }));
  return (
    <>
      {courses.map(({ course, lessons }) => (
        <section key={course.slug} aria-labelledby={`course-${course.slug}`}>
          <h1 id={`course-${course.slug}`}>{course.title}</h1>
          <p>{course.description}</p>
          <ol className="lessons">
            {lessons.map((meta) => (
              <li key={meta.slug}>
                <Link href={`/courses/${course.slug}/${meta.slug}`}>{meta.title}</Link>
                {meta.summary && <p>{meta.summary}</p>}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}

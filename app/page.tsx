import Link from 'next/link';
import { publishedCourses } from '@/server/courses';

// Courses are data: the published versions are read from the database on each request.
export const dynamic = 'force-dynamic';

export default async function Home() {
  const courses = (await publishedCourses()).map((c) => ({ course: c, lessons: c.lessonInfo }));
  // One course: its title is the page's heading. Several: "Courses", and a heading each.
  const single = courses.length === 1;
  const Title = single ? 'h1' : 'h2';
  return (
    <>
      {!single && <h1>Courses</h1>}
      {courses.length === 0 && <p>No course is published yet.</p>}
      {courses.map(({ course, lessons }) => (
        <section key={course.slug} aria-labelledby={`course-${course.slug}`}>
          <Title id={`course-${course.slug}`}>{course.title}</Title>
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

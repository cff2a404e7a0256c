import Link from 'next/link';
import { requireStaffPage } from '@/server/teach/guard';

/** The instructor views of one course share this navigation. Each page checks access itself too. */
export default async function TeachLayout({ children, params }: { children: React.ReactNode; params: Promise<{ course: string }> }) {
  const { course: slug } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}`);
  const base = `/teach/${course.slug}`;
  return (
    <>
      <nav aria-label="Instructor" className="teach-nav">
        <p className="muted">Teaching {course.title}</p>
        <ul>
          <li><Link href={`${base}/gradebook`}>Gradebook</Link></li>
          <li><Link href={`${base}/assessments`}>Assessments</Link></li>
          <li><Link href={`${base}/misconceptions`}>Misconceptions</Link></li>
          <li><Link href={`${base}/preview`}>Preview</Link></li>
          <li><Link href={`${base}/regrade`}>Regrade</Link></li>
          <li><Link href={`${base}/settings`}>Settings</Link></li>
          <li><Link href={`${base}/roster`}>Roster</Link></li>
          <li><Link href={`${base}/lms`}>LMS</Link></li>
          <li><Link href={`${base}/edit`}>Edit content</Link></li>
        </ul>
      </nav>
      {children}
    </>
  );
}

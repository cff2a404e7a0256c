import { redirect } from 'next/navigation';
import { requireStaffPage } from '@/server/teach/guard';

/** /teach/<course>/students lists nobody by itself: the gradebook is the list of students. */
export default async function StudentsIndex({ params }: { params: Promise<{ course: string }> }) {
  const { course } = await params;
  await requireStaffPage(course, `/teach/${course}/students`);
  redirect(`/teach/${course}/gradebook`);
}

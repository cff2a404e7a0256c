import { redirect } from 'next/navigation';
import { requireStaffPage } from '@/server/teach/guard';

/** /teach/<course> opens the gradebook. */
export default async function TeachHome({ params }: { params: Promise<{ course: string }> }) {
  const { course } = await params;
  await requireStaffPage(course, `/teach/${course}`);
  redirect(`/teach/${course}/gradebook`);
}

import { getPrisma } from '@/server/db/client';
import { csvResponse, csvStream } from '@/server/teach/csv';
import { auditLogCsv } from '@/server/teach/audit-log';
import { requireStaffRequest } from '@/server/teach/guard';

/**
 * GET /teach/<course>/assessments/<assessment>/log.csv[?student=<user id>] — the assessment's
 * audit log as a CSV download, oldest first. Instructors of the course and admins only.
 */
export async function GET(request: Request, { params }: { params: Promise<{ course: string; assessment: string }> }): Promise<Response> {
  const { course, assessment } = await params;
  const staff = await requireStaffRequest(request, course);
  if (staff instanceof Response) return staff;
  const a = await getPrisma().assessment.findUnique({ where: { courseId_slug: { courseId: staff.course.id, slug: assessment } }, select: { id: true, slug: true } });
  if (!a) return new Response('There is no such assessment.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const student = new URL(request.url).searchParams.get('student')?.slice(0, 200) || undefined;
  return csvResponse(`${staff.course.slug}-${a.slug}-log.csv`, csvStream(auditLogCsv(getPrisma(), a.id, student)));
}

import { getPrisma } from '@/server/db/client';
import { csvResponse, csvStream } from '@/server/teach/csv';
import { attemptsCsv } from '@/server/teach/gradebook';
import { requireStaffRequest } from '@/server/teach/guard';

/**
 * GET /teach/<course>/export/attempts.csv — every attempt of the course's students as a CSV
 * download, streamed in batches. Instructors of the course and admins only (401/403/404).
 */
export async function GET(request: Request, { params }: { params: Promise<{ course: string }> }): Promise<Response> {
  const staff = await requireStaffRequest(request, (await params).course);
  if (staff instanceof Response) return staff;
  return csvResponse(`${staff.course.slug}-attempts.csv`, csvStream(attemptsCsv(getPrisma(), staff.course.id)));
}

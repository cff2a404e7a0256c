import { getPrisma } from '@/server/db/client';
import { csvResponse, csvStream } from '@/server/teach/csv';
import { gradebookCsv } from '@/server/teach/gradebook';
import { requireStaffRequest } from '@/server/teach/guard';

/**
 * GET /teach/<course>/export/gradebook.csv — the gradebook as a CSV download (one line per
 * student), streamed in batches. Instructors of the course and admins only (401/403/404).
 */
export async function GET(request: Request, { params }: { params: Promise<{ course: string }> }): Promise<Response> {
  const staff = await requireStaffRequest(request, (await params).course);
  if (staff instanceof Response) return staff;
  return csvResponse(`${staff.course.slug}-gradebook.csv`, csvStream(gradebookCsv(getPrisma(), staff.course.id)));
}

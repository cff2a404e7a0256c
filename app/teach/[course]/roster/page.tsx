import type { Metadata } from 'next';
import { requireStaffPage } from '@/server/teach/guard';
import { getPrisma } from '@/server/db/client';
import { courseRoster, MAX_ROSTER_LINES } from '@/server/teach/roster';
import { LocalTime } from '@/components/LocalTime';
import { RosterCancelInvitation, RosterImportForm, RosterMemberActions } from '@/components/teach/RosterForms';

export const metadata: Metadata = { title: 'Roster' };

/** The course's members and invitations, with the import, role, removal and cancel forms. */
export default async function RosterPage({ params }: { params: Promise<{ course: string }> }) {
  const { course: slug } = await params;
  const { user, course } = await requireStaffPage(slug, `/teach/${slug}/roster`);
  const { members, invitations } = await courseRoster(getPrisma(), course.id);
  const instructors = members.filter((m) => m.role === 'instructor').length;
  return (
    <>
      <h1>Roster</h1>
      <p>
        {members.length} {members.length === 1 ? 'person' : 'people'} in {course.title} ({instructors} teaching), {invitations.length} invited.
      </p>

      <h2 id="members">Members</h2>
      <div className="table-scroll">
        <table className="history" data-testid="roster" aria-labelledby="members">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last activity</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} data-email={m.email} data-role={m.role}>
                <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>
                  {m.name}
                  <br />
                  <span className="user-email small muted">{m.email}</span>
                </th>
                <td data-testid="role">{m.role}</td>
                <td>
                  <LocalTime iso={m.joinedAt.toISOString()} short />
                </td>
                <td>{m.attempts}</td>
                <td>{m.lastActivity ? <LocalTime iso={m.lastActivity.toISOString()} short /> : '—'}</td>
                <td>
                  {m.userId === user.id ? (
                    <span className="muted small">you (another instructor can change your role)</span>
                  ) : (
                    <RosterMemberActions course={course.slug} userId={m.userId} who={m.name || m.email} role={m.role} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Removing someone deletes only their enrolment: their attempts stay in the database and reappear if they are enrolled
        again. The course&apos;s last instructor cannot be removed or made a student.
      </p>

      <h2 id="invitations">Invitations</h2>
      {invitations.length === 0 ? (
        <p data-testid="no-invitations">No pending invitations.</p>
      ) : (
        <div className="table-scroll">
          <table className="history" data-testid="invitations" aria-labelledby="invitations">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Invited</th>
                <th scope="col">Cancel</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id} data-email={i.email}>
                  <th scope="row" className="user-email" style={{ textAlign: 'left', fontWeight: 400 }}>
                    {i.email}
                  </th>
                  <td>{i.role}</td>
                  <td>
                    <LocalTime iso={i.createdAt.toISOString()} short />
                  </td>
                  <td>
                    <RosterCancelInvitation course={course.slug} invitationId={i.id} email={i.email} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="import">Add people</h2>
      <p>
        Paste email addresses, one per line, or CSV with a header line naming an <code>email</code> column and, if you like,{' '}
        <code>name</code> and <code>role</code> (<code>student</code> or <code>instructor</code>; student when left out). Everyone
        on the list is invited by e-mail, whether or not they have an account yet (you are not told which): someone with an
        account joins when they accept (on their dashboard or through the e-mailed link); a new student joins by signing up
        with that address; a new instructor once their address is confirmed. Someone already in the course keeps their role.
      </p>
      <p>
        Each line is checked on its own: the good lines are imported and each bad one (not an email address, an unknown role,
        an address already on an earlier line) is listed with its line number, so you can fix it and import just those lines
        again. At most {MAX_ROSTER_LINES.toLocaleString('en')} people or 1 MB at a time.
      </p>
      <RosterImportForm course={course.slug} />
    </>
  );
}

import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { AddPlatformForm, RotateKeyForm } from '@/components/admin/LtiAdminForms';
import { baseUrl, currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { listPlatforms, toolConfig } from '@/server/lti/platforms';

export const metadata: Metadata = { title: 'LMS platforms (LTI)' };
export const dynamic = 'force-dynamic';

/** /admin/lti: the values an LMS asks for, the registered LMSs, and registering one. */
export default async function LtiAdminPage() {
  const user = await currentUser(await headers());
  if (!user) redirect('/sign-in?next=/admin/lti');
  if (user.role !== 'admin') forbidden();
  const platforms = await listPlatforms(getPrisma());
  const c = toolConfig(baseUrl());
  return (
    <>
      <h1>LMS platforms (LTI 1.3)</h1>
      <p>Step-by-step set-up for Moodle, Canvas, Brightspace and Blackboard: docs/lti.md.</p>
      <h2>Enter these in the LMS</h2>
      <dl data-testid="tool-config">
        <dt>Login (OIDC initiation) URL</dt>
        <dd>
          <code>{c.loginUrl}</code>
        </dd>
        <dt>Redirect URI, target link URI, launch URL, deep linking URL</dt>
        <dd>
          <code>{c.redirectUrl}</code>
        </dd>
        <dt>Public keyset (JWKS) URL</dt>
        <dd>
          <code>{c.jwksUrl}</code>
        </dd>
        <dt>Domain</dt>
        <dd>
          <code>{c.domain}</code>
        </dd>
        <dt>Custom parameter (optional)</dt>
        <dd>
          <code>course=&lt;Curvature course id&gt;</code> links the LMS course on its first launch
        </dd>
      </dl>
      <h2>Registered LMSs</h2>
      {platforms.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="lti-platforms">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Issuer</th>
                <th scope="col">Client id</th>
                <th scope="col">Deployments</th>
                <th scope="col">URLs</th>
              </tr>
            </thead>
            <tbody>
              {platforms.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{p.issuer}</td>
                  <td>{p.clientId}</td>
                  <td>{p.deployments.map((d) => d.deploymentId).join(', ')}</td>
                  <td className="small">
                    auth {p.authUrl}
                    <br />
                    token {p.tokenUrl}
                    <br />
                    keys {p.jwksUrl}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Register an LMS</h2>
      <p>The same issuer and client id again adds deployment ids or changes the URLs.</p>
      <AddPlatformForm />
      <h2>Signing key</h2>
      <p>The previous key stays published for 14 days, so LMSs that cached it keep working.</p>
      <RotateKeyForm />
    </>
  );
}

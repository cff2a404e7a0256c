/**
 * The few HTML pages the LTI routes answer with (no React: they are served to an LMS frame
 * before anyone is signed in). Every value is escaped; the pages' script is the static
 * /lti.js with the response's CSP nonce (proxy.ts hands it to the request as x-nonce;
 * server/security-headers.ts lets only nonce'd scripts run).
 */

/** Text made safe for HTML text and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The CSP nonce proxy.ts gave the request, if any. */
export function nonceOf(headers: Headers | undefined): string | undefined {
  return headers?.get('x-nonce') ?? undefined;
}

/** A complete page: `body` is HTML already escaped by the caller; `nonce` from nonceOf(request headers). */
export function ltiPage(title: string, body: string, status = 200, nonce?: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Curvature</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}code{background:#eee;padding:0 .2em}.button{display:inline-block;padding:.5rem 1rem;border:1px solid #333;border-radius:.3rem;text-decoration:none;color:inherit}</style>
</head><body><main>${body}</main><script src="/lti.js" defer${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''}></script></body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
}

/** The page of a refused launch or login: what was wrong, and that nobody was signed in. */
export function refusalPage(message: string, status = 400, nonce?: string): Response {
  return ltiPage(
    'Launch refused',
    `<h1>This launch from your LMS was refused</h1>
<p data-testid="lti-error">${escapeHtml(message)}</p>
<p>Nobody was signed in. Go back to your course in the LMS and open the link again; if this keeps happening, show this message to the person who set up Curvature in your LMS.</p>`,
    status,
    nonce,
  );
}

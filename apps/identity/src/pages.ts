/**
 * The provider's pages: sign-in, sign-out confirmation, signed out, and errors. Plain HTML with one stylesheet and no
 * script at all, so the Content-Security-Policy below allows no script and no inline style.
 */

export const STYLESHEET_PATH = '/assets/identity.css';

/**
 * Every page of this provider: nothing but its own stylesheet and forms; forms may post to itself and lead to the
 * console (a sign-in or sign-out ends with a redirect there, which Chrome checks against form-action).
 */
export const contentSecurityPolicy = (consoleUrl: string): string =>
  [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${new URL(consoleUrl).origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

export const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · IOP (development sign-in)</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main class="card">
${body}
</main>
</body>
</html>
`;
}

export interface SignInPage {
  uid: string;
  tenant: string;
  username?: string;
  error?: string;
}

/** One user field, one password field, one button; a wrong password is announced (role=alert) and focus returns to it. */
export function signInPage({ uid, tenant, username = '', error }: SignInPage): string {
  const describedBy = error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : '';
  return page('Sign in', `<h1>Sign in to the IOP console</h1>
<p class="note">Development sign-in. Demo users: <code>&lt;role&gt;@${escapeHtml(tenant)}</code>, for example
<code>clinician@${escapeHtml(tenant)}</code>, password <code>demo</code>.</p>
${error ? `<p class="error" id="sign-in-error" role="alert">${escapeHtml(error)}</p>\n` : ''}<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
<div class="field">
<label for="username">User</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(username)}"${error ? '' : ' autofocus'}${describedBy}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${error ? ' autofocus' : ''}${describedBy}>
</div>
<button type="submit">Sign in</button>
</form>`);
}

/** oidc-provider's sign-out confirmation: its form (a hidden xsrf field) and the two answers, which submit it. */
export function signOutPage(form: string, host: string): string {
  return page('Sign out', `<h1>Sign out</h1>
<p>Sign out of the development sign-in at ${escapeHtml(host)} too?</p>
${form}
<div class="actions">
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>
</div>`);
}

export function signedOutPage(consoleUrl: string): string {
  return page('Signed out', `<h1>You are signed out</h1>
<p><a href="${escapeHtml(consoleUrl)}/">Back to the console</a></p>`);
}

export function errorPage(message: string, consoleUrl: string): string {
  return page('Sign-in problem', `<h1>Sign-in could not continue</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
<p><a href="${escapeHtml(consoleUrl)}/">Back to the console</a> to start again.</p>`);
}

/** Calm and legible: system font, contrast above 4.5:1, a visible focus ring. */
export const STYLESHEET = `:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2430;background:#f3f5f8}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center}
.card{background:#fff;border:1px solid #cfd6df;border-radius:8px;padding:2rem;width:min(26rem,calc(100vw - 2rem));box-sizing:border-box}
h1{font-size:1.4rem;margin:0 0 1rem}
.note{color:#3d4a5c;font-size:.95rem}
code{background:#eef1f5;padding:0 .25em;border-radius:3px}
.field{display:flex;flex-direction:column;margin:1rem 0}
label{font-weight:600;margin-bottom:.35rem}
input{font:inherit;padding:.55rem .6rem;border:1px solid #6b7787;border-radius:4px}
input[aria-invalid=true]{border-color:#a4161a}
button{font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:4px;border:1px solid #0b4f8a;background:#0b5cad;color:#fff;cursor:pointer}
.actions{display:flex;flex-wrap:wrap;gap:.5rem}
button.secondary{background:#fff;color:#0b4f8a}
:focus-visible{outline:3px solid #f0a202;outline-offset:2px}
.error{color:#8a1216;background:#fdecec;border:1px solid #e2a4a6;border-radius:4px;padding:.6rem .75rem}
a{color:#0b4f8a}
`;

import { ROLES } from '@iop/platform';
import { authenticate, demoAccounts } from './accounts';
import { signInPage } from './pages';

describe('demo accounts', () => {
  const accounts = demoAccounts('demo-clinic');

  it('has one user per role, with a stable subject and a display name', () => {
    expect(accounts.map((a) => a.username)).toEqual(ROLES.map((r) => `${r}@demo-clinic`));
    expect(accounts.find((a) => a.roles[0] === 'front-desk')).toEqual({ subject: 'demo-front-desk', username: 'front-desk@demo-clinic', name: 'Demo Front Desk', tenant: 'demo-clinic', roles: ['front-desk'] });
  });

  it('signs in with the password demo only', () => {
    expect(authenticate(accounts, 'clinician@demo-clinic', 'demo')?.subject).toBe('demo-clinician');
    expect(authenticate(accounts, ' Clinician@Demo-Clinic ', 'demo')?.subject).toBe('demo-clinician');
    expect(authenticate(accounts, 'clinician@demo-clinic', 'Demo')).toBeUndefined();
    expect(authenticate(accounts, 'clinician@other', 'demo')).toBeUndefined();
    expect(authenticate(accounts, undefined, 'demo')).toBeUndefined();
  });
});

describe('the sign-in page', () => {
  it('has a labelled user field, a password field and a button, and no script', () => {
    const html = signInPage({ uid: 'abc', tenant: 'demo-clinic' });
    expect(html).toMatch(/<label for="username">User<\/label>\s*<input id="username" name="username" type="text"/);
    expect(html).toMatch(/<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(html).not.toMatch(/role="alert"|<script|style=/);
  });

  it('announces a wrong password and keeps the user name, escaped', () => {
    const html = signInPage({ uid: 'abc', tenant: 'demo-clinic', username: '"><script>', error: 'The user or the password is not right.' });
    expect(html).toMatch(/<p class="error" id="sign-in-error" role="alert">The user or the password is not right.<\/p>/);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(html).not.toContain('<script>');
  });
});

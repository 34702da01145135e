/**
 * The demo clinic's staff: one user per platform role, `<role>@<tenant>` with the password `demo`. Invented people
 * (no real names); the subject is stable (`demo-<role>`, the subject `npm start`'s printed tokens and the demo seed
 * use), so what a user did before a restart is still theirs after it.
 */
import { timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '@iop/platform';

export const DEMO_PASSWORD = 'demo';

export interface DemoAccount {
  subject: string;
  username: string;
  name: string;
  tenant: string;
  roles: Role[];
}

const title = (role: Role): string => role.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

export function demoAccounts(tenant: string): DemoAccount[] {
  return ROLES.map((role) => ({ subject: `demo-${role}`, username: `${role}@${tenant}`, name: `Demo ${title(role)}`, tenant, roles: [role] }));
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // Compared in constant time for equal lengths; a length difference says nothing a demo password hides.
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The account a user name and password sign in as, or undefined. User names ignore case and surrounding spaces. */
export function authenticate(accounts: readonly DemoAccount[], username: unknown, password: unknown): DemoAccount | undefined {
  if (typeof username !== 'string' || typeof password !== 'string') return undefined;
  const account = accounts.find((a) => a.username === username.trim().toLowerCase());
  const passwordOk = sameText(password, DEMO_PASSWORD);
  return account && passwordOk ? account : undefined;
}

/**
 * `npm run token -- --tenant <id> --roles <r1,r2> [--subject <id>] [--name <n>] [--expires 8h]`: a JWT for the
 * local stack, signed with the key in .stack/keys (the one the local OpenID Connect provider signs with too), issued
 * as the local provider (`AUTH_ISSUER`, default http://127.0.0.1:3099), printed alone on the last line.
 */
import { parseArgs } from 'node:util';
import { mintToken } from '../infra/local/dev-identity';
import { isRole, ROLES } from '../libs/platform/src/auth/roles';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      roles: { type: 'string' },
      subject: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  if (!values.tenant || !values.roles) throw new Error('usage: npm run token -- --tenant <id> --roles <r1,r2> [--subject <id>] [--expires 8h]');
  const roles = values.roles.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length) throw new Error(`unknown role(s) ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  const token = await mintToken({ tenant: values.tenant, roles: roles.filter(isRole), subject: values.subject, name: values.name, expiresIn: values.expires });
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 2;
});

import { Client } from 'pg';

/** A count over a service's database, across tenants (read models enforce row-level security, as projectors may). */
export async function countRows(url: string, sql: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("SELECT set_config('app.role', 'projector', false)");
    return Number((await c.query(sql)).rows[0].n);
  } finally {
    await c.end();
  }
}

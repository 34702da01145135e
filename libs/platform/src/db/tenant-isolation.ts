/**
 * Row-level security for read-model tables (docs/ARCHITECTURE.md, "Tenancy"): a request sees only rows of
 * the tenant in `app.tenant_id` (set by `withTenant`); projectors and consumers, which write for every tenant, mark
 * their transaction with `app.role = projector`. FORCE applies the policy to the table's owner too, which is the
 * role the service connects as.
 */
export const PROJECTOR_SETTING = "SELECT set_config('app.role', 'projector', true)";

export function tenantIsolationSql(table: string): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    // Scalar subqueries: evaluated once per query, so the planner can still estimate rows and use indexes.
    `CREATE POLICY tenant_isolation ON ${table} USING (
       tenant_id = (SELECT current_setting('app.tenant_id', true)) OR (SELECT current_setting('app.role', true)) = 'projector')`,
  ];
}

type Runner = { query(sql: string): Promise<unknown> };

/** A migration's read-model tables, each tenant-isolated, then their indexes. */
export async function createTenantTables(q: Runner, tables: Record<string, string>, indexes: readonly string[] = []): Promise<void> {
  for (const [table, columns] of Object.entries(tables)) {
    await q.query(`CREATE TABLE ${table} ${columns}`);
    for (const statement of tenantIsolationSql(table)) await q.query(statement);
  }
  for (const statement of indexes) await q.query(statement);
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store's tables (docs/ARCHITECTURE.md, "Tables" and "Global log"). `transaction_id` is the writer's xid8: readers of
 * the global log take only rows whose transaction is older than every running one, ordered by
 * (transaction_id, global_position), so a late-committing writer can never be skipped.
 */
export class EventStoreTables1764230400100 implements MigrationInterface {
  name = 'EventStoreTables1764230400100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text NOT NULL,
        stream_type text NOT NULL,
        stream_version integer NOT NULL CHECK (stream_version > 0),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        schema_version smallint NOT NULL DEFAULT 1,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        tenant_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE UNIQUE INDEX events_stream_version ON events (stream_id, stream_version)');
    await q.query('CREATE UNIQUE INDEX events_event_id ON events (event_id)');
    await q.query('CREATE INDEX events_global_order ON events (transaction_id, global_position)');
    await q.query(`
      CREATE TABLE subscription_checkpoints (
        name text PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT '0',
        global_position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await q.query(`
      CREATE TABLE dead_letters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" text NOT NULL,
        message_key text,
        event_id text,
        event_type text,
        tenant_id text,
        headers jsonb NOT NULL,
        value text,
        reason text NOT NULL,
        error text NOT NULL,
        attempts integer NOT NULL,
        status text NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'replayed', 'discarded')),
        parked_behind bigint REFERENCES dead_letters (id),
        parked_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await q.query(`CREATE INDEX dead_letters_parked_key ON dead_letters (consumer, message_key) WHERE status = 'parked'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dead_letters, inbox, subscription_checkpoints, events');
  }
}

/**
 * Events larger than about 2 kB (an enrollment with its sixty-odd sessions) are compressed when stored. lz4 compresses
 * a large event in about half the time pglz takes, parsing included (docs/PERFORMANCE.md, "Measurements behind the code"). A server
 * built without lz4 keeps pglz: the statement fails inside its own block, and that is all.
 */
export class EventDataLz41764230400200 implements MigrationInterface {
  name = 'EventDataLz41764230400200';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      ALTER TABLE events ALTER COLUMN data SET COMPRESSION lz4, ALTER COLUMN metadata SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
      RAISE NOTICE 'lz4 is not available on this server: events stay compressed with pglz';
    END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE events ALTER COLUMN data SET COMPRESSION pglz, ALTER COLUMN metadata SET COMPRESSION pglz');
  }
}

/**
 * For an append sent with the COMMIT (`appendMany` with `atCommit`): nobody reads its result there, so a stream not
 * at its expected version must fail the statement, and with it the transaction. SQLSTATE 40001 (serialization
 * failure) is PostgreSQL's own "run the transaction again", which is what a command does after a conflict.
 */
export class EventStoreAppendCheck1764230400300 implements MigrationInterface {
  name = 'EventStoreAppendCheck1764230400300';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION es_require_appended(appended bigint, expected integer) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF appended <> expected THEN
          RAISE EXCEPTION 'a stream changed meanwhile: % of % events appended', appended, expected USING ERRCODE = '40001';
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION es_require_appended(bigint, integer)');
  }
}

export const EVENT_STORE_MIGRATIONS = [EventStoreTables1764230400100, EventDataLz41764230400200, EventStoreAppendCheck1764230400300];

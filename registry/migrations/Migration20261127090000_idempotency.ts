import { Migration } from "@mikro-orm/migrations";

/** Idempotency keys of /api/v1 POSTs with the first response, for replays (issue 7 §1). */
export class Migration20261127090000_idempotency extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "idempotency_key" ("client_id" varchar(100) not null, "key" varchar(255) not null, "request_hash" varchar(64) not null, "status" smallint null, "body" jsonb null, "created_at" timestamptz not null, constraint "idempotency_key_pkey" primary key ("client_id", "key"));`,
    );
    this.addSql(`create index "idempotency_key_created_at_index" on "idempotency_key" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
  }
}

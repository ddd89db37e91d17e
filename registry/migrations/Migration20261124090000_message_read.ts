import { Migration } from "@mikro-orm/migrations";

/** Read marks of the space's messages (written by hand: only this table). */
export class Migration20261124090000_message_read extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "message_read" ("person_id" uuid not null, "event_id" bigint not null, "read_at" timestamptz not null, constraint "message_read_pkey" primary key ("person_id", "event_id"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "message_read" cascade;`);
  }
}

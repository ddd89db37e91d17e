import { Migration } from "@mikro-orm/migrations";

export class Migration20261123010911_verification extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "verification_task" ("id" uuid not null, "case_id" uuid not null, "department_id" uuid not null, "commitment_text" text not null, "due_on" date not null, "status" text check ("status" in ('open', 'passed', 'failed')) not null default 'open', "finding" text null, "resolved_at" timestamptz null, "resolved_by_id" uuid null, "created_at" timestamptz not null, constraint "verification_task_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "verification_task" add constraint "verification_task_case_id_unique" unique ("case_id");`,
    );
    this.addSql(
      `create index "verification_task_department_id_status_due_on_index" on "verification_task" ("department_id", "status", "due_on");`,
    );

    this.addSql(
      `alter table "verification_task" add constraint "verification_task_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "verification_task" add constraint "verification_task_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );
    this.addSql(
      `create index case_file_open_deficiency_idx on case_file ((flow->'deficiency'->>'dueOn')) where flow->'deficiency'->>'status' = 'open';`,
    );
    this.addSql(
      `alter table "verification_task" add constraint "verification_task_resolved_by_id_foreign" foreign key ("resolved_by_id") references "person" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists case_file_open_deficiency_idx;`);
    this.addSql(`drop table if exists "verification_task" cascade;`);
  }
}

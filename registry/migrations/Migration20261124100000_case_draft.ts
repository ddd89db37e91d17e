import { Migration } from "@mikro-orm/migrations";

/** 申报草稿: one open draft per owner (person, or enterprise + person) and item. Written by hand. */
export class Migration20261124100000_case_draft extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "case_draft" ("id" uuid not null, "owner_key" varchar(80) not null, "person_id" uuid not null, "enterprise_id" uuid null, "item_code" varchar(40) not null, "item_version" int not null, "step" smallint not null default 1, "form_data" jsonb not null, "materials" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "case_draft_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "case_draft_person_id_index" on "case_draft" ("person_id");`);
    this.addSql(
      `alter table "case_draft" add constraint "case_draft_owner_key_item_code_unique" unique ("owner_key", "item_code");`,
    );
    this.addSql(
      `alter table "case_draft" add constraint "case_draft_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_draft" add constraint "case_draft_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case_draft" cascade;`);
  }
}

import { Migration } from "@mikro-orm/migrations";

/** 业务链 (一件事): chains, their versions and instances; a case's chain instance and stage. Generated. */
export class Migration20261125090000_chain extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "chain" ("id" uuid not null, "code" varchar(40) not null, "name" varchar(100) not null, "current_version" int not null, "status" text check ("status" in ('active', 'suspended')) not null default 'active', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "chain_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "chain" add constraint "chain_code_unique" unique ("code");`);

    this.addSql(
      `create table "chain_version" ("id" uuid not null, "chain_id" uuid not null, "version" int not null, "definition" jsonb not null, "published_at" timestamptz not null, constraint "chain_version_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "chain_version" add constraint "chain_version_chain_id_version_unique" unique ("chain_id", "version");`,
    );

    this.addSql(
      `create table "chain_instance" ("id" uuid not null, "instance_no" varchar(40) not null, "chain_id" uuid not null, "chain_version_id" uuid not null, "applicant_type" text check ("applicant_type" in ('person', 'enterprise')) not null, "applicant_person_id" uuid not null, "applicant_enterprise_id" uuid null, "status" text check ("status" in ('running', 'blocked', 'completed', 'withdrawn')) not null, "form_data" jsonb not null, "materials" jsonb not null, "snapshot" jsonb not null, "submitted_at" timestamptz not null, "promised_deadline" date null, "ended_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "chain_instance_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "chain_instance" add constraint "chain_instance_instance_no_unique" unique ("instance_no");`,
    );
    this.addSql(
      `create index "chain_instance_applicant_person_id_submitted_at_index" on "chain_instance" ("applicant_person_id", "submitted_at");`,
    );
    this.addSql(
      `create index "chain_instance_applicant_enterprise_id_submitted_at_index" on "chain_instance" ("applicant_enterprise_id", "submitted_at");`,
    );

    this.addSql(
      `alter table "chain_version" add constraint "chain_version_chain_id_foreign" foreign key ("chain_id") references "chain" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "chain_instance" add constraint "chain_instance_chain_id_foreign" foreign key ("chain_id") references "chain" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "chain_instance" add constraint "chain_instance_chain_version_id_foreign" foreign key ("chain_version_id") references "chain_version" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "chain_instance" add constraint "chain_instance_applicant_person_id_foreign" foreign key ("applicant_person_id") references "person" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "chain_instance" add constraint "chain_instance_applicant_enterprise_id_foreign" foreign key ("applicant_enterprise_id") references "enterprise" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "case_file" add column "chain_instance_id" uuid null, add column "chain_stage" varchar(40) null;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_chain_instance_id_foreign" foreign key ("chain_instance_id") references "chain_instance" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create index "case_file_chain_instance_id_index" on "case_file" ("chain_instance_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "chain_version" drop constraint "chain_version_chain_id_foreign";`);

    this.addSql(`alter table "chain_instance" drop constraint "chain_instance_chain_id_foreign";`);

    this.addSql(`alter table "chain_instance" drop constraint "chain_instance_chain_version_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_chain_instance_id_foreign";`);

    this.addSql(`drop table if exists "chain" cascade;`);

    this.addSql(`drop table if exists "chain_version" cascade;`);

    this.addSql(`drop table if exists "chain_instance" cascade;`);

    this.addSql(`drop index "case_file_chain_instance_id_index";`);
    this.addSql(`alter table "case_file" drop column "chain_instance_id", drop column "chain_stage";`);
  }
}

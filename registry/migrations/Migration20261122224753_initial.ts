import { Migration } from "@mikro-orm/migrations";

export class Migration20261122224753_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null, "actor_type" varchar(20) not null, "actor_id" varchar(64) null, "action" varchar(60) not null, "subject_type" varchar(30) not null, "subject_id" varchar(64) not null, "detail" jsonb not null);`,
    );
    this.addSql(
      `create index "audit_log_subject_type_subject_id_index" on "audit_log" ("subject_type", "subject_id");`,
    );
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);

    this.addSql(
      `create table "case_number_sequence" ("department_code" varchar(10) not null, "day" varchar(8) not null, "last" int not null, constraint "case_number_sequence_pkey" primary key ("department_code", "day"));`,
    );

    this.addSql(
      `create table "department" ("id" uuid not null, "code" varchar(10) not null, "name" varchar(100) not null, "short_name" varchar(30) not null, "level" text check ("level" in ('city', 'town', 'village')) not null, "parent_id" uuid null, "region_code" varchar(12) not null, "uscc" varchar(18) not null, "phone" varchar(40) not null default '', "address" varchar(200) not null default '', "created_at" timestamptz not null, constraint "department_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "department" add constraint "department_code_unique" unique ("code");`);

    this.addSql(
      `create table "outbox" ("id" bigserial primary key, "topic" varchar(100) not null, "payload" jsonb not null, "created_at" timestamptz not null, "dispatched_at" timestamptz null);`,
    );
    this.addSql(`create index outbox_pending_idx on outbox (id) where dispatched_at is null;`);

    this.addSql(
      `create table "person" ("id" uuid not null, "name" varchar(50) not null, "id_type" varchar(20) not null default 'resident_id', "id_number_enc" text not null, "id_number_hash" varchar(64) not null, "id_number_masked" varchar(20) not null, "phone_enc" text null, "phone_hash" varchar(64) null, "phone_masked" varchar(20) null, "email" varchar(200) null, "address" varchar(200) not null default '', "real_name_level" smallint not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "person_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "person" add constraint "person_id_number_hash_unique" unique ("id_number_hash");`,
    );
    this.addSql(`create index "person_phone_hash_index" on "person" ("phone_hash");`);

    this.addSql(
      `create table "enterprise" ("id" uuid not null, "uscc" varchar(18) not null, "name" varchar(200) not null, "type" varchar(60) not null, "legal_rep_id" uuid not null, "address" varchar(200) not null, "registered_capital_fen" bigint not null default 0, "business_scope" text not null default '', "established_on" date not null, "status" text check ("status" in ('active', 'revoked', 'cancelled')) not null default 'active', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "enterprise_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "enterprise" add constraint "enterprise_uscc_unique" unique ("uscc");`);

    this.addSql(
      `create table "material" ("id" uuid not null, "lineage_id" uuid not null, "version" int not null default 1, "owner_type" text check ("owner_type" in ('person', 'enterprise')) not null, "owner_person_id" uuid null, "owner_enterprise_id" uuid null, "requirement_code" varchar(40) null, "title" varchar(200) not null, "object_key" varchar(512) not null, "sha256" varchar(64) not null, "size" int not null, "mime_type" varchar(100) not null, "valid_until" date null, "trust_level" text check ("trust_level" in ('A', 'B', 'C', 'D')) not null, "uploaded_by_id" uuid null, "superseded_at" timestamptz null, "deleted_at" timestamptz null, "created_at" timestamptz not null, constraint "material_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "material_owner_person_id_index" on "material" ("owner_person_id");`);
    this.addSql(`create index "material_owner_enterprise_id_index" on "material" ("owner_enterprise_id");`);
    this.addSql(`create index "material_lineage_id_index" on "material" ("lineage_id");`);

    this.addSql(
      `create table "enterprise_member" ("id" uuid not null, "enterprise_id" uuid not null, "person_id" uuid not null, "role" text check ("role" in ('legal_rep', 'admin', 'agent')) not null, "scope_all" boolean not null default true, "scope_items" text[] not null default '{}', "valid_from" date not null, "valid_to" date null, "granted_by_id" uuid null, "revoked_at" timestamptz null, "revoked_by_id" uuid null, "revoke_reason" varchar(200) null, "created_at" timestamptz not null, constraint "enterprise_member_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index enterprise_member_active_uniq on enterprise_member (enterprise_id, person_id) where revoked_at is null;`,
    );

    this.addSql(
      `create table "region" ("code" varchar(12) not null, "name" varchar(50) not null, "level" text check ("level" in ('city', 'town', 'village')) not null, "parent_code" varchar(12) null, constraint "region_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "result_number_sequence" ("result_type_code" varchar(40) not null, "year" int not null, "last" int not null, constraint "result_number_sequence_pkey" primary key ("result_type_code", "year"));`,
    );

    this.addSql(
      `create table "result_type" ("code" varchar(40) not null, "name" varchar(60) not null, "department_id" uuid not null, "valid_months" int null, constraint "result_type_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "service_center" ("id" uuid not null, "code" varchar(20) not null, "name" varchar(100) not null, "level" text check ("level" in ('city', 'town', 'village')) not null, "parent_id" uuid null, "region_code" varchar(12) not null, "address" varchar(200) not null, "phone" varchar(40) not null default '', "hours" varchar(100) not null default '', constraint "service_center_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "service_center" add constraint "service_center_code_unique" unique ("code");`);

    this.addSql(
      `create table "service_item" ("id" uuid not null, "code" varchar(40) not null, "name" varchar(100) not null, "department_id" uuid not null, "current_version" int not null, "status" text check ("status" in ('active', 'suspended')) not null default 'active', "kind" varchar(20) not null, "handling_type" varchar(20) not null, "subject_types" text[] not null, "statutory_days" int not null, "promised_days" int not null, "online_depth" varchar(20) not null, "visits_required" smallint not null, "fee_fen" int not null, "keywords" text not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "service_item_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "service_item" add constraint "service_item_code_unique" unique ("code");`);
    this.addSql(
      `create index service_item_search_trgm on service_item using gin ((code || ' ' || name || ' ' || keywords) gin_trgm_ops);`,
    );

    this.addSql(
      `create table "service_item_version" ("id" uuid not null, "item_id" uuid not null, "version" int not null, "definition" jsonb not null, "published_at" timestamptz not null, constraint "service_item_version_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "service_item_version" add constraint "service_item_version_item_id_version_unique" unique ("item_id", "version");`,
    );

    this.addSql(
      `create table "case_file" ("id" uuid not null, "case_no" varchar(40) not null, "item_id" uuid not null, "item_version_id" uuid not null, "department_id" uuid not null, "applicant_type" text check ("applicant_type" in ('person', 'enterprise')) not null, "applicant_person_id" uuid not null, "applicant_enterprise_id" uuid null, "channel" text check ("channel" in ('online', 'window', 'self_service')) not null, "status" text check ("status" in ('draft', 'submitted', 'supplement_requested', 'accepted', 'in_review', 'special_procedure', 'decided', 'concluded', 'refused', 'returned', 'withdrawn', 'terminated')) not null, "form_data" jsonb not null, "submitted_at" timestamptz not null, "accepted_at" timestamptz null, "statutory_deadline" date null, "promised_deadline" date null, "concluded_at" timestamptz null, "decision" text check ("decision" in ('approved', 'denied')) null, "event_count" int not null default 0, "last_event_hash" varchar(64) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "case_file_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "case_file" add constraint "case_file_case_no_unique" unique ("case_no");`);
    this.addSql(
      `create index "case_file_applicant_person_id_submitted_at_index" on "case_file" ("applicant_person_id", "submitted_at");`,
    );
    this.addSql(
      `create index "case_file_applicant_enterprise_id_submitted_at_index" on "case_file" ("applicant_enterprise_id", "submitted_at");`,
    );
    this.addSql(
      `create index "case_file_department_id_status_index" on "case_file" ("department_id", "status");`,
    );

    this.addSql(
      `create table "result" ("id" uuid not null, "number" varchar(60) not null, "result_type_code" varchar(40) not null, "name" varchar(100) not null, "holder_type" text check ("holder_type" in ('person', 'enterprise')) not null, "holder_person_id" uuid null, "holder_enterprise_id" uuid null, "item_id" uuid null, "case_id" uuid null, "issuing_department_id" uuid not null, "issued_at" timestamptz not null, "valid_from" date not null, "valid_to" date null, "data" jsonb not null, "file_key" varchar(512) null, "status" text check ("status" in ('valid', 'revoked', 'expired')) not null default 'valid', "revoked_at" timestamptz null, "revoke_reason" varchar(200) null, "issuer_code" varchar(18) not null, "holder_id_type" varchar(20) not null, "jurisdiction_code" varchar(12) not null, "created_at" timestamptz not null, constraint "result_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "result" add constraint "result_number_unique" unique ("number");`);
    this.addSql(
      `create index "result_holder_person_id_result_type_code_index" on "result" ("holder_person_id", "result_type_code");`,
    );
    this.addSql(
      `create index "result_holder_enterprise_id_result_type_code_index" on "result" ("holder_enterprise_id", "result_type_code");`,
    );

    this.addSql(
      `create table "case_material" ("id" uuid not null, "case_id" uuid not null, "requirement_code" varchar(40) not null, "material_id" uuid null, "result_id" uuid null, "reuse_consent_at" timestamptz null, "created_at" timestamptz not null, constraint "case_material_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "case_material_material_id_index" on "case_material" ("material_id");`);
    this.addSql(
      `alter table "case_material" add constraint "case_material_case_id_requirement_code_unique" unique ("case_id", "requirement_code");`,
    );

    this.addSql(
      `create table "case_event" ("id" bigserial primary key, "case_id" uuid not null, "seq" int not null, "stage" varchar(20) not null, "action" varchar(40) not null, "actor_type" varchar(20) not null, "actor_id" varchar(64) null, "actor_name" varchar(100) not null, "at" timestamptz not null, "payload" jsonb not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`,
    );
    this.addSql(
      `alter table "case_event" add constraint "case_event_case_id_seq_unique" unique ("case_id", "seq");`,
    );

    this.addSql(
      `create table "service_window" ("id" uuid not null, "code" varchar(20) not null, "name" varchar(100) not null, "center_id" uuid not null, "kind" text check ("kind" in ('comprehensive', 'department')) not null, "department_codes" text[] not null default '{}', constraint "service_window_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "service_window" add constraint "service_window_code_unique" unique ("code");`);

    this.addSql(
      `create table "staff" ("id" uuid not null, "person_id" uuid not null, "department_id" uuid not null, "roles" text[] not null default '{}', "window_id" uuid null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "staff_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "staff" add constraint "staff_person_id_department_id_unique" unique ("person_id", "department_id");`,
    );

    this.addSql(
      `create table "work_calendar" ("date" date not null, "kind" text check ("kind" in ('holiday', 'workday')) not null, "name" varchar(50) not null, constraint "work_calendar_pkey" primary key ("date"));`,
    );

    this.addSql(
      `alter table "department" add constraint "department_parent_id_foreign" foreign key ("parent_id") references "department" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "enterprise" add constraint "enterprise_legal_rep_id_foreign" foreign key ("legal_rep_id") references "person" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "material" add constraint "material_owner_person_id_foreign" foreign key ("owner_person_id") references "person" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "material" add constraint "material_owner_enterprise_id_foreign" foreign key ("owner_enterprise_id") references "enterprise" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "material" add constraint "material_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "person" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "enterprise_member" add constraint "enterprise_member_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "enterprise_member" add constraint "enterprise_member_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "enterprise_member" add constraint "enterprise_member_granted_by_id_foreign" foreign key ("granted_by_id") references "person" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "enterprise_member" add constraint "enterprise_member_revoked_by_id_foreign" foreign key ("revoked_by_id") references "person" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "result_type" add constraint "result_type_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "service_center" add constraint "service_center_parent_id_foreign" foreign key ("parent_id") references "service_center" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "service_item" add constraint "service_item_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "service_item_version" add constraint "service_item_version_item_id_foreign" foreign key ("item_id") references "service_item" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "case_file" add constraint "case_file_item_id_foreign" foreign key ("item_id") references "service_item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_item_version_id_foreign" foreign key ("item_version_id") references "service_item_version" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_applicant_person_id_foreign" foreign key ("applicant_person_id") references "person" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_applicant_enterprise_id_foreign" foreign key ("applicant_enterprise_id") references "enterprise" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "result" add constraint "result_holder_person_id_foreign" foreign key ("holder_person_id") references "person" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "result" add constraint "result_holder_enterprise_id_foreign" foreign key ("holder_enterprise_id") references "enterprise" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "result" add constraint "result_item_id_foreign" foreign key ("item_id") references "service_item" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "result" add constraint "result_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "result" add constraint "result_issuing_department_id_foreign" foreign key ("issuing_department_id") references "department" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "case_material" add constraint "case_material_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_material" add constraint "case_material_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "case_material" add constraint "case_material_result_id_foreign" foreign key ("result_id") references "result" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "case_event" add constraint "case_event_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "service_window" add constraint "service_window_center_id_foreign" foreign key ("center_id") references "service_center" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "staff" add constraint "staff_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "staff" add constraint "staff_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "staff" add constraint "staff_window_id_foreign" foreign key ("window_id") references "service_window" ("id") on update cascade on delete set null;`,
    );

    // Exactly one owner / holder per row.
    this.addSql(
      `alter table "material" add constraint "material_one_owner" check ((owner_type = 'person' and owner_person_id is not null and owner_enterprise_id is null) or (owner_type = 'enterprise' and owner_enterprise_id is not null and owner_person_id is null));`,
    );
    this.addSql(
      `alter table "result" add constraint "result_one_holder" check ((holder_type = 'person' and holder_person_id is not null and holder_enterprise_id is null) or (holder_type = 'enterprise' and holder_enterprise_id is not null and holder_person_id is null));`,
    );
    this.addSql(
      `alter table "case_material" add constraint "case_material_one_source" check ((material_id is null) <> (result_id is null));`,
    );

    // case_event and audit_log are append-only: the database itself refuses updates and deletes.
    this.addSql(
      `create or replace function tongban_append_only() returns trigger language plpgsql as $$ begin raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege'; end $$;`,
    );
    this.addSql(
      `create trigger case_event_append_only before update or delete on "case_event" for each row execute function tongban_append_only();`,
    );
    this.addSql(
      `create trigger audit_log_append_only before update or delete on "audit_log" for each row execute function tongban_append_only();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists case_event_append_only on "case_event";`);
    this.addSql(`drop trigger if exists audit_log_append_only on "audit_log";`);
    this.addSql(`drop function if exists tongban_append_only();`);
    this.addSql(`alter table "department" drop constraint "department_parent_id_foreign";`);

    this.addSql(`alter table "result_type" drop constraint "result_type_department_id_foreign";`);

    this.addSql(`alter table "service_item" drop constraint "service_item_department_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_department_id_foreign";`);

    this.addSql(`alter table "result" drop constraint "result_issuing_department_id_foreign";`);

    this.addSql(`alter table "staff" drop constraint "staff_department_id_foreign";`);

    this.addSql(`alter table "enterprise" drop constraint "enterprise_legal_rep_id_foreign";`);

    this.addSql(`alter table "material" drop constraint "material_owner_person_id_foreign";`);

    this.addSql(`alter table "material" drop constraint "material_uploaded_by_id_foreign";`);

    this.addSql(`alter table "enterprise_member" drop constraint "enterprise_member_person_id_foreign";`);

    this.addSql(`alter table "enterprise_member" drop constraint "enterprise_member_granted_by_id_foreign";`);

    this.addSql(`alter table "enterprise_member" drop constraint "enterprise_member_revoked_by_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_applicant_person_id_foreign";`);

    this.addSql(`alter table "result" drop constraint "result_holder_person_id_foreign";`);

    this.addSql(`alter table "staff" drop constraint "staff_person_id_foreign";`);

    this.addSql(`alter table "material" drop constraint "material_owner_enterprise_id_foreign";`);

    this.addSql(`alter table "enterprise_member" drop constraint "enterprise_member_enterprise_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_applicant_enterprise_id_foreign";`);

    this.addSql(`alter table "result" drop constraint "result_holder_enterprise_id_foreign";`);

    this.addSql(`alter table "case_material" drop constraint "case_material_material_id_foreign";`);

    this.addSql(`alter table "service_center" drop constraint "service_center_parent_id_foreign";`);

    this.addSql(`alter table "service_window" drop constraint "service_window_center_id_foreign";`);

    this.addSql(`alter table "service_item_version" drop constraint "service_item_version_item_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_item_id_foreign";`);

    this.addSql(`alter table "result" drop constraint "result_item_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_item_version_id_foreign";`);

    this.addSql(`alter table "result" drop constraint "result_case_id_foreign";`);

    this.addSql(`alter table "case_material" drop constraint "case_material_case_id_foreign";`);

    this.addSql(`alter table "case_event" drop constraint "case_event_case_id_foreign";`);

    this.addSql(`alter table "case_material" drop constraint "case_material_result_id_foreign";`);

    this.addSql(`alter table "staff" drop constraint "staff_window_id_foreign";`);

    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`drop table if exists "case_number_sequence" cascade;`);

    this.addSql(`drop table if exists "department" cascade;`);

    this.addSql(`drop table if exists "outbox" cascade;`);

    this.addSql(`drop table if exists "person" cascade;`);

    this.addSql(`drop table if exists "enterprise" cascade;`);

    this.addSql(`drop table if exists "material" cascade;`);

    this.addSql(`drop table if exists "enterprise_member" cascade;`);

    this.addSql(`drop table if exists "region" cascade;`);

    this.addSql(`drop table if exists "result_number_sequence" cascade;`);

    this.addSql(`drop table if exists "result_type" cascade;`);

    this.addSql(`drop table if exists "service_center" cascade;`);

    this.addSql(`drop table if exists "service_item" cascade;`);

    this.addSql(`drop table if exists "service_item_version" cascade;`);

    this.addSql(`drop table if exists "case_file" cascade;`);

    this.addSql(`drop table if exists "result" cascade;`);

    this.addSql(`drop table if exists "case_material" cascade;`);

    this.addSql(`drop table if exists "case_event" cascade;`);

    this.addSql(`drop table if exists "service_window" cascade;`);

    this.addSql(`drop table if exists "staff" cascade;`);

    this.addSql(`drop table if exists "work_calendar" cascade;`);
  }
}

import { Migration } from "@mikro-orm/migrations";

export class Migration20261122232530_identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "api_client" ("client_id" varchar(64) not null, "name" varchar(100) not null, "department_code" varchar(10) not null, "secret_hash" text not null, "scopes" text[] not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_client_pkey" primary key ("client_id"));`,
    );

    this.addSql(
      `create table "oidc_payload" ("model" varchar(40) not null, "id" varchar(200) not null, "payload" jsonb not null, "grant_id" varchar(200) null, "user_code" varchar(100) null, "uid" varchar(200) null, "expires_at" timestamptz null, "consumed_at" timestamptz null, constraint "oidc_payload_pkey" primary key ("model", "id"));`,
    );
    this.addSql(`create index "oidc_payload_grant_id_index" on "oidc_payload" ("grant_id");`);
    this.addSql(`create index "oidc_payload_user_code_index" on "oidc_payload" ("user_code");`);
    this.addSql(`create index "oidc_payload_uid_index" on "oidc_payload" ("uid");`);
    this.addSql(`create index "oidc_payload_expires_at_index" on "oidc_payload" ("expires_at");`);

    this.addSql(
      `create table "person_credential" ("person_id" uuid not null, "password_hash" text not null, "updated_at" timestamptz not null, constraint "person_credential_pkey" primary key ("person_id"));`,
    );

    this.addSql(
      `create table "sent_message" ("id" bigserial primary key, "channel" varchar(10) not null, "to_masked" varchar(40) not null, "to_hash" varchar(64) not null, "body" text not null, "transport" varchar(20) not null, "sent_at" timestamptz not null);`,
    );
    this.addSql(`create index "sent_message_to_hash_index" on "sent_message" ("to_hash");`);

    this.addSql(
      `create table "oidc_signing_key" ("kid" varchar(64) not null, "alg" varchar(10) not null, "private_jwk_enc" text not null, "created_at" timestamptz not null, "retire_at" timestamptz null, constraint "oidc_signing_key_pkey" primary key ("kid"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_client" cascade;`);

    this.addSql(`drop table if exists "oidc_payload" cascade;`);

    this.addSql(`drop table if exists "person_credential" cascade;`);

    this.addSql(`drop table if exists "sent_message" cascade;`);

    this.addSql(`drop table if exists "oidc_signing_key" cascade;`);
  }
}

import { Migration } from "@mikro-orm/migrations";

/** Webhook subscriptions of department systems and their delivery log (issue 7 §2). */
export class Migration20261128090000_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhook_subscription" ("id" uuid not null, "department_id" uuid not null, "url" varchar(500) not null, "secret_enc" text not null, "secret_hint" varchar(8) not null, "event_types" text[] not null default '{}', "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhook_subscription_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "webhook_delivery" ("id" uuid not null, "subscription_id" uuid not null, "event_id" varchar(40) not null, "event_type" varchar(100) not null, "body" jsonb not null, "status" text check ("status" in ('pending', 'delivered', 'dead')) not null default 'pending', "attempts" int not null default 0, "round" int not null default 0, "last_status_code" int null, "last_error" text null, "next_attempt_at" timestamptz null, "delivered_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhook_delivery_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_delivery_status_created_at_index" on "webhook_delivery" ("status", "created_at");`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_subscription_id_event_id_unique" unique ("subscription_id", "event_id");`,
    );
    this.addSql(
      `alter table "webhook_subscription" add constraint "webhook_subscription_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_subscription_id_foreign" foreign key ("subscription_id") references "webhook_subscription" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_subscription" cascade;`);
  }
}

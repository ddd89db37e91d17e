import { Migration } from "@mikro-orm/migrations";

export class Migration20261123001458_case_flow extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "case_file" add column "flow" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "case_file" drop column "flow";`);
  }
}

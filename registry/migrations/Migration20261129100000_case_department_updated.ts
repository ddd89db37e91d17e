import { Migration } from "@mikro-orm/migrations";

export class Migration20261129100000_case_department_updated extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "case_file_department_id_updated_at_id_index" on "case_file" ("department_id", "updated_at", "id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "case_file_department_id_updated_at_id_index";`);
  }
}

import { Migration } from "@mikro-orm/migrations";

export class Migration20261129090000_result_case_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "result_case_id_index" on "result" ("case_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "result_case_id_index";`);
  }
}

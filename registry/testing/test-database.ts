/**
 * The database of this test run: TEST_DATABASE_URL (default tongban_test) with the run's process id
 * appended, so that two runs on one machine never drop each other's data. vitest.config.ts and the global
 * setup both run in the main process and so agree on the name.
 */
export function testDatabaseUrl(): string {
  const u = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tongban_test");
  u.pathname = `${u.pathname}_${process.pid}`;
  return u.toString();
}

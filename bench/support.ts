// What every benchmark needs: its own database, unique demo identities, the machine's load, percentiles.
import { readdir, readFile } from "node:fs/promises";
import pg from "pg";
import { makeIdNumber } from "../registry/index.ts";

/** Runs one statement (create or drop a database) on the `postgres` database of the server `url` points at. */
export async function adminSql(url: string | URL, sql: string): Promise<void> {
  const c = new pg.Client({
    connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString(),
  });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The characters of a USCC body, for random demo codes. */
export const USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const pick = (s: string, n: number) =>
  Array.from({ length: n }, () => s[Math.floor(Math.random() * s.length)]).join("");
/** The i-th valid demo ID number of 云港市 (320999). */
export const benchIdNumber = (i: number) =>
  makeIdNumber("320999", `19${70 + (i % 30)}0${1 + (i % 9)}1${i % 10}`, i % 1000);

/** All cores' busy and total jiffies from /proc/stat (Linux), to see whether the machine is saturated. */
export async function machineCpu() {
  const line = (await readFile("/proc/stat", "utf8").catch(() => "")).split("\n")[0] ?? "";
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 5) return null;
  const idle = f[3]! + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return {
    idle,
    total,
    busyPercent(before: { idle: number; total: number }) {
      const dt = total - before.total;
      return dt > 0 ? (100 * (dt - (idle - before.idle))) / dt : 0;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * CPU seconds (user + system) used so far by the local PostgreSQL server's processes (Linux /proc; null
 * elsewhere). A difference over a phase whose pool connections live throughout tells how the cores split
 * between Node and the database.
 */
export async function postgresCpuSeconds(): Promise<number | null> {
  const pids = await readdir("/proc").catch(() => null);
  if (!pids) return null;
  let ticks = 0;
  for (const p of pids) {
    if (!/^\d+$/.test(p)) continue;
    const stat = await readFile(`/proc/${p}/stat`, "utf8").catch(() => "");
    const close = stat.lastIndexOf(")");
    if (close < 0 || !stat.slice(stat.indexOf("(") + 1, close).startsWith("postgres")) continue;
    const f = stat.slice(close + 2).split(" ");
    ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/**
 * The time a fixed single-threaded JavaScript workload takes now, in ms (lower is faster; median of 5). This VM's
 * speed swings by about ±20 % within minutes, so a benchmark prints it beside its figures to make runs comparable.
 */
export function speedProbeMs(): number {
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    let acc = 0;
    for (let i = 0; i < 2_000_000; i++) acc = (acc + ((i * 2_654_435_761) % 1_000_003)) % 1_000_000_007;
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `办件${i}`, acc }));
    acc += JSON.parse(JSON.stringify(rows)).length;
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2] as number;
}

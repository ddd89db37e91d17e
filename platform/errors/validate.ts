import type { z } from "zod";
import { DomainError } from "./domain-error.ts";

/** Parses input with a zod schema, turning every issue into a VALIDATION DomainError with field paths. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const first = details[0];
  throw new DomainError(
    "VALIDATION",
    first ? `${first.path ? `${first.path}: ` : ""}${first.message}` : undefined,
    details,
  );
}

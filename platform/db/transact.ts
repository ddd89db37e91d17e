import {
  type EntityManager,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from "@mikro-orm/postgresql";
import { DomainError } from "../errors/domain-error.ts";

/**
 * Runs a use case's unit of work in one transaction. Two writers racing on the same row lose cleanly:
 * a stale version or a row the other writer inserted first becomes a CONFLICT the caller can show,
 * instead of a 500.
 */
export async function transact<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await em.transactional(work);
  } catch (e) {
    if (e instanceof OptimisticLockError || e instanceof UniqueConstraintViolationException) {
      throw new DomainError("CONFLICT");
    }
    throw e;
  }
}

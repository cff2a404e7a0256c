/** Reading Prisma's errors the same way on SQLite and PostgreSQL. */

/** A Prisma error's code (e.g. "P2002"), if it has one. */
export function prismaCode(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

/**
 * A unique constraint refused a write: P2002 from Prisma's query builder, P2010 with the
 * driver's UniqueConstraintViolation from plain SQL (the same on SQLite and PostgreSQL).
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, meta } = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  return code === 'P2002' || (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation');
}

/**
 * Whether a transaction failed because a concurrent one won (PostgreSQL's serialization
 * failure). Prisma reports it as P2034 during a query, but as the driver adapter's own
 * error when it happens at COMMIT.
 */
export function isWriteConflict(err: unknown): boolean {
  return prismaCode(err) === 'P2034' || (err as { cause?: { kind?: unknown } } | null)?.cause?.kind === 'TransactionWriteConflict';
}

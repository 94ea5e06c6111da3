/**
 * One transaction on a pooled connection: committed when `work` resolves,
 * rolled back when anything fails. A deadlock or serialization failure
 * means PostgreSQL rolled the whole transaction back, so it is run again
 * from the start, a few times, before the error reaches the caller.
 *
 * One case no database client can settle: a connection lost while COMMIT is
 * in flight. The caller gets an error although the transaction may have
 * committed; it is never retried here, because running it again could
 * store the batch twice.
 */
import type pg from 'pg'

export const READ_WRITE = 'BEGIN'
/** One snapshot of the database for every statement: a consistent read. */
export const CONSISTENT_READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'

const ATTEMPTS = 5
const DEADLOCK = '40P01'
const SERIALIZATION_FAILURE = '40001'

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return code === DEADLOCK || code === SERIALIZATION_FAILURE
}

export async function inTransaction<T>(pool: pg.Pool, begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(pool, begin, work)
    } catch (error) {
      if (attempt === ATTEMPTS || !isRetryable(error)) throw error
      // A random pause, growing with each attempt, so the transactions that collided stop colliding.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}

async function attemptOnce<T>(pool: pg.Pool, begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(begin)
    const result = await work(client)
    await client.query('COMMIT')
    client.release()
    return result
  } catch (error) {
    // A connection that cannot even roll back is broken: the pool must close it, not hand it out again.
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackFailed: Error) => client.release(rollbackFailed),
    )
    throw error
  }
}

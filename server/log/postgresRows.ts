/**
 * Many rows in one INSERT: one round trip per table, not per row. VALUES
 * lists rather than unnest() over arrays, because pg sends a Buffer
 * parameter as binary, where an array of them would travel as hex text,
 * twice the ciphertext's size.
 */
import type pg from 'pg'

/** Far below PostgreSQL's 65,535 parameters per statement, whatever the column count. */
const ROWS_PER_INSERT = 1000

/** better-sqlite3 and pg both take a Buffer; this views the same bytes without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** `into` is the table and its columns, e.g. "updates (board_id, seq, sealed)"; each row gives them in that order. */
export async function insertRows(client: pg.ClientBase, into: string, rows: readonly (readonly unknown[])[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const params: unknown[] = []
    const tuples = rows.slice(start, start + ROWS_PER_INSERT).map((row) => {
      const placeholders = row.map((value) => `$${params.push(value)}`)
      return `(${placeholders.join(', ')})`
    })
    await client.query(`INSERT INTO ${into} VALUES ${tuples.join(', ')}`, params)
  }
}

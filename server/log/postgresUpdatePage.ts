/**
 * One page of a replay's updates on PostgreSQL, cut where SQLite's log cuts
 * it: updates are taken while the page holds fewer than `pageBytes`. The
 * running sum is of octet_length, read from each value's header (the sealed
 * column is stored EXTERNAL, uncompressed), so the updates past the page are
 * never loaded.
 */
import type pg from 'pg'
import type { SealedEntry, UpdatePage } from './types.ts'

type PageRow = SealedEntry & { in_range: number }

export async function readUpdatePage(
  client: pg.ClientBase,
  boardId: string,
  afterSeq: number,
  throughSeq: number,
  pageBytes: number,
): Promise<UpdatePage> {
  const { rows } = await client.query<PageRow>(
    `SELECT seq, sealed, in_range FROM (
       SELECT seq, sealed, count(*) OVER () AS in_range,
              sum(octet_length(sealed)) OVER (ORDER BY seq) - octet_length(sealed) AS bytes_before
         FROM updates WHERE board_id = $1 AND seq > $2 AND seq <= $3
     ) page
     WHERE bytes_before < $4 ORDER BY seq`,
    [boardId, afterSeq, throughSeq, pageBytes],
  )
  return { updates: rows.map(({ seq, sealed }) => ({ seq, sealed })), moreUpdates: rows.length > 0 && rows.length < rows[0]!.in_range }
}

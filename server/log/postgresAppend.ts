/**
 * One append batch inside its transaction (group commit). It first locks the
 * rows of every board it touches, in one fixed order (their ids, sorted
 * bytewise) so two processes' batches over the same boards queue behind each
 * other instead of deadlocking. While a board's row is locked no other
 * process can append to it, store a snapshot on it or delete it, so its seqs
 * stay gap-free and ordered with any number of writers.
 */
import type pg from 'pg'
import { planAppend, type AppendPlan, type LockedBoard } from './postgresAppendPlan.ts'
import { asBuffer, insertRows } from './postgresRows.ts'
import { SNAPSHOTS_KEPT, type AppendItem, type AppendResult } from './types.ts'


export async function appendInTransaction(client: pg.ClientBase, items: readonly AppendItem[], historyRetentionMs: number): Promise<AppendResult[]> {
  const plan = planAppend(items, await lockLiveBoards(client, items))
  const now = Date.now()
  // Before this batch's updates are inserted: the ones a snapshot in it covers were left out of the plan.
  for (const snapshot of plan.snapshots) {
    await client.query('DELETE FROM updates WHERE board_id = $1 AND seq <= $2 AND NOT (seq = ANY($3::int8[]))', [
      snapshot.boardId,
      snapshot.coversSeq,
      snapshot.keepSeqs,
    ])
  }
  await insertRows(
    client,
    'snapshots (board_id, seq, covers_seq, carries_changes, part_count, created_at)',
    plan.snapshots.map((s) => [s.boardId, s.seq, s.coversSeq, s.carriesChanges, s.parts.length, now]),
  )
  await insertRows(
    client,
    'snapshot_parts (board_id, seq, part, sealed)',
    plan.snapshots.flatMap((s) => s.parts.map((part, index) => [s.boardId, s.seq, index, asBuffer(part)])),
  )
  await insertRows(
    client,
    'updates (board_id, seq, sealed)',
    plan.updates.map((u) => [u.boardId, u.seq, asBuffer(u.sealed)]),
  )
  await dropSnapshotsPastRetention(client, plan, now - historyRetentionMs)
  await updateBoardRows(client, plan)
  return plan.results
}

async function lockLiveBoards(client: pg.ClientBase, items: readonly AppendItem[]): Promise<Map<string, LockedBoard>> {
  const ids = [...new Set(items.map((item) => item.boardId))]
  // FOR UPDATE locks rows as the sort hands them out, so ORDER BY is the lock order. A board
  // deleted while this waited for its lock is re-checked against the WHERE and left out: gone.
  const { rows } = await client.query<{ id: string; head_seq: number; latest_snapshot_seq: number }>(
    `SELECT id, head_seq, latest_snapshot_seq FROM boards
      WHERE id = ANY($1::text[]) AND deleted_at IS NULL
      ORDER BY id COLLATE "C" FOR UPDATE`,
    [ids],
  )
  return new Map(rows.map((row) => [row.id, { headSeq: row.head_seq, latestSnapshotSeq: row.latest_snapshot_seq }]))
}

/** Past the few always kept, a snapshot goes once it is older than the history's retention; its parts go with it. */
async function dropSnapshotsPastRetention(client: pg.ClientBase, plan: AppendPlan, createdBefore: number): Promise<void> {
  const boardIds = [...new Set(plan.snapshots.map((s) => s.boardId))]
  if (boardIds.length === 0) return
  await client.query(
    `DELETE FROM snapshots s USING (
       SELECT board_id, seq, row_number() OVER (PARTITION BY board_id ORDER BY seq DESC) AS newness
         FROM snapshots WHERE board_id = ANY($1::text[])
     ) ranked
     WHERE s.board_id = ranked.board_id AND s.seq = ranked.seq AND ranked.newness > ${SNAPSHOTS_KEPT} AND s.created_at < $2`,
    [boardIds, createdBefore],
  )
}

/** The head, the latest snapshot and the tail's size, for every board the batch stored on. */
async function updateBoardRows(client: pg.ClientBase, plan: AppendPlan): Promise<void> {
  if (plan.boards.size === 0) return
  const boards = [...plan.boards]
  await client.query(
    `UPDATE boards b SET
       head_seq = v.head_seq,
       latest_snapshot_seq = v.latest_snapshot_seq,
       tail_updates = CASE WHEN v.recount THEN (SELECT count(*) FROM updates u WHERE u.board_id = b.id)
                           ELSE b.tail_updates + v.added_updates END,
       tail_bytes = CASE WHEN v.recount THEN (SELECT coalesce(sum(octet_length(u.sealed)), 0) FROM updates u WHERE u.board_id = b.id)
                         ELSE b.tail_bytes + v.added_bytes END
     FROM unnest($1::text[], $2::int8[], $3::int8[], $4::bool[], $5::int8[], $6::int8[])
       AS v (id, head_seq, latest_snapshot_seq, recount, added_updates, added_bytes)
     WHERE b.id = v.id`,
    [
      boards.map(([id]) => id),
      boards.map(([, board]) => board.headSeq),
      boards.map(([, board]) => board.latestSnapshotSeq),
      boards.map(([, board]) => board.recountTail),
      boards.map(([, board]) => board.addedUpdates),
      boards.map(([, board]) => board.addedBytes),
    ],
  )
}

/**
 * One append batch inside its transaction (group commit). It first locks the
 * rows of every board it touches, in one fixed order (their ids, sorted
 * bytewise) so two processes' batches over the same boards queue behind each
 * other instead of deadlocking. While a board's row is locked no other
 * process can append to it, store a snapshot on it or delete it, so its seqs
 * stay gap-free and ordered, and its stored bytes exact, with any number of
 * writers.
 */
import type pg from 'pg'
import { planAppend, type AppendPlan, type LockedBoard } from './postgresAppendPlan.ts'
import { asBuffer, insertRows } from './postgresRows.ts'
import type { Version } from './historyRule.ts'
import type { Quota } from './quota.ts'
import type { AppendItem, AppendResult } from './types.ts'

export type AppendContext = Quota & {
  historyRetentionMs: number
  now: number
  /** The bytes all boards store, as this process knows them. */
  serverBytes: number
}

/** Each item's result, and the bytes the batch added to what all boards store (negative when it freed more). */
export type AppendOutcome = { results: AppendResult[]; storedGrowth: number }

export async function appendInTransaction(
  client: pg.ClientBase,
  items: readonly AppendItem[],
  context: AppendContext,
): Promise<AppendOutcome> {
  const { now } = context
  const locked = await lockLiveBoards(client, items)
  const shortened = [...new Set(items.filter((item) => item.kind === 'snapshot' && locked.has(item.boardId)).map((item) => item.boardId))]
  const plan = planAppend(items, locked, {
    quota: context,
    serverBytes: context.serverBytes,
    storedTails: await storedTails(client, shortened),
    versions: await storedVersions(client, shortened),
    now,
    keepSince: now - context.historyRetentionMs,
  })
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
  await deleteVersions(client, plan.versionsLetGo)
  await updateBoardRows(client, plan)
  return { results: plan.results, storedGrowth: plan.storedGrowth }
}

async function lockLiveBoards(client: pg.ClientBase, items: readonly AppendItem[]): Promise<Map<string, LockedBoard>> {
  const ids = [...new Set(items.map((item) => item.boardId))]
  // FOR UPDATE locks rows as the sort hands them out, so ORDER BY is the lock order. A board
  // deleted while this waited for its lock is re-checked against the WHERE and left out: gone.
  const { rows } = await client.query<{ id: string; head_seq: number; latest_snapshot_seq: number; stored_bytes: number }>(
    `SELECT id, head_seq, latest_snapshot_seq, stored_bytes FROM boards
      WHERE id = ANY($1::text[]) AND deleted_at IS NULL
      ORDER BY id COLLATE "C" FOR UPDATE`,
    [ids],
  )
  return new Map(
    rows.map((row) => [row.id, { headSeq: row.head_seq, latestSnapshotSeq: row.latest_snapshot_seq, storedBytes: row.stored_bytes }]),
  )
}

/** The size of every stored update of these boards, by seq: what a snapshot covering them frees. */
async function storedTails(client: pg.ClientBase, boardIds: readonly string[]): Promise<Map<string, Map<number, number>>> {
  const tails = new Map(boardIds.map((id) => [id, new Map<number, number>()]))
  if (boardIds.length === 0) return tails
  const { rows } = await client.query<{ board_id: string; seq: number; bytes: number }>(
    'SELECT board_id, seq, octet_length(sealed) AS bytes FROM updates WHERE board_id = ANY($1::text[])',
    [boardIds],
  )
  for (const row of rows) tails.get(row.board_id)!.set(row.seq, row.bytes)
  return tails
}

/** Each board's history: its versions and their sizes. */
async function storedVersions(client: pg.ClientBase, boardIds: readonly string[]): Promise<Map<string, Version[]>> {
  const versions = new Map(boardIds.map((id) => [id, [] as Version[]]))
  if (boardIds.length === 0) return versions
  const { rows } = await client.query<Version & { board_id: string }>(
    `SELECT s.board_id, s.seq, s.created_at AS "createdAt",
            (SELECT coalesce(sum(octet_length(p.sealed)), 0)::int8 FROM snapshot_parts p WHERE p.board_id = s.board_id AND p.seq = s.seq) AS bytes
       FROM snapshots s WHERE s.board_id = ANY($1::text[])`,
    [boardIds],
  )
  for (const { board_id, ...version } of rows) versions.get(board_id)!.push(version)
  return versions
}

/** The versions the history's rule let go; their parts go with them (ON DELETE CASCADE). */
async function deleteVersions(client: pg.ClientBase, letGo: AppendPlan['versionsLetGo']): Promise<void> {
  if (letGo.length === 0) return
  await client.query(
    `DELETE FROM snapshots s USING unnest($1::text[], $2::int8[]) AS g (board_id, seq)
      WHERE s.board_id = g.board_id AND s.seq = g.seq`,
    [letGo.map((version) => version.boardId), letGo.map((version) => version.seq)],
  )
}

/** The head, the latest snapshot, the tail's size and the stored bytes, for every board the batch stored on. */
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
                         ELSE b.tail_bytes + v.added_bytes END,
       stored_bytes = b.stored_bytes + v.stored_growth
     FROM unnest($1::text[], $2::int8[], $3::int8[], $4::bool[], $5::int8[], $6::int8[], $7::int8[])
       AS v (id, head_seq, latest_snapshot_seq, recount, added_updates, added_bytes, stored_growth)
     WHERE b.id = v.id`,
    [
      boards.map(([id]) => id),
      boards.map(([, board]) => board.headSeq),
      boards.map(([, board]) => board.latestSnapshotSeq),
      boards.map(([, board]) => board.recountTail),
      boards.map(([, board]) => board.addedUpdates),
      boards.map(([, board]) => board.addedBytes),
      boards.map(([, board]) => board.storedGrowth),
    ],
  )
}

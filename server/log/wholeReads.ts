/**
 * A board's log read whole, for tools and tests that check or copy what is
 * stored (the crash test, the fuzzers, a migration's check). Never for
 * serving a client: the relay and the history API read part by part, as the
 * reader takes what it was sent, so a reader that does not read costs the
 * server a part, not a board.
 */
import type { BoardLog, SealedEntry, StoredSnapshot } from './types.ts'

/** A replay with its snapshot's parts (null when only its seq is sent) and every update. */
export type WholeReplay = {
  snapshot: (Omit<StoredSnapshot, 'partCount'> & { parts: Uint8Array[] | null }) | null
  updates: SealedEntry[]
  headSeq: number
}

/** Thrown when the log changed under a read of many parts (a snapshot stored or let go meanwhile): read again. */
export class LogChangedError extends Error {
  constructor(what: string) {
    super(`the log changed while ${what} was read`)
    this.name = 'LogChangedError'
  }
}

export async function readWholeReplay(log: BoardLog, boardId: string, knownSeq: number): Promise<WholeReplay | null> {
  const replay = await log.readReplay(boardId, knownSeq)
  if (replay === null) return null
  const { snapshot, headSeq } = replay
  const updates = [...replay.updates]
  for (let more = replay.moreUpdates; more;) {
    const page = await log.readUpdates(boardId, updates.at(-1)!.seq, headSeq)
    if (page === null) throw new LogChangedError(`the replay of ${boardId}`)
    updates.push(...page.updates)
    more = page.moreUpdates
  }
  if (snapshot === null) return { snapshot: null, updates, headSeq }
  const { partCount, ...numbers } = snapshot
  const parts = partCount === null ? null : await readParts(log, boardId, snapshot.seq, partCount)
  return { snapshot: { ...numbers, parts }, updates, headSeq }
}

/** One stored snapshot's sealed bytes, its parts joined; null when the board or the snapshot is not there. */
export async function readWholeSnapshot(log: BoardLog, boardId: string, seq: number): Promise<Uint8Array | null> {
  const size = await log.snapshotSize(boardId, seq)
  return size === null ? null : Buffer.concat(await readParts(log, boardId, seq, size.partCount))
}

async function readParts(log: BoardLog, boardId: string, seq: number, partCount: number): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = []
  for (let index = 0; index < partCount; index++) {
    const part = await log.readSnapshotPart(boardId, seq, index)
    if (part === null) throw new LogChangedError(`snapshot ${seq} of ${boardId}`)
    parts.push(part)
  }
  return parts
}

/**
 * The rule checked, on one strace of the server process (all its threads):
 *
 *   For each ack frame A the process wrote to a socket, with ref r, let E be
 *   the sealed update the load pushed under ref r, and let W be the FIRST
 *   write to the SQLite WAL or database file whose bytes contain all of E
 *   (SQLite keeps a small row whole in one page, so the write of its first
 *   page carries it). Then
 *     1. W exists, and finished before A's write started, and
 *     2. some fsync/fdatasync of the same file started after W finished and
 *        finished before A's write started.
 *
 * "Before" is the order of strace's lines (straceLines.ts): a traced thread
 * is stopped at each call's entry and exit until strace has printed it, so
 * an fsync whose return let the log thread go on to report the commit is
 * printed before any ack that report led to.
 *
 * Tying each ack to the write of ITS entry, not merely to the last write
 * before it, is what catches an ack sent ahead of its commit: such an ack is
 * preceded by the writes and fsyncs of earlier batches.
 */
import path from 'node:path'
import { SQLITE_FILE_NAME } from '../../../server/log/sqlite.ts'
import type { SentFrame } from './sentFrames.ts'
import type { Syscall } from './straceLines.ts'

export type AckOrderReport = {
  /** Ack frames found in the socket writes. */
  acks: number
  walWrites: number
  dbWrites: number
  walSyncs: number
  dbSyncs: number
  /** One line per ack that broke the rule, in the order they were sent. */
  violations: string[]
}

const FILE_WRITES = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2'])
const SYNCS = new Set(['fsync', 'fdatasync'])

function storeFile(target: string): 'wal' | 'db' | null {
  const name = path.basename(target)
  return name === `${SQLITE_FILE_NAME}-wal` ? 'wal' : name === SQLITE_FILE_NAME ? 'db' : null
}

/** `pushed` maps each ref the load used to the sealed bytes it pushed under it. */
export function checkAckOrder(
  calls: readonly Syscall[],
  sent: readonly SentFrame[],
  pushed: ReadonlyMap<number, Uint8Array>,
): AckOrderReport {
  const writes = calls.filter((c) => FILE_WRITES.has(c.name) && storeFile(c.target) !== null && (c.result ?? 0) > 0)
  const cut = writes.find((c) => c.cut)
  if (cut !== undefined) throw new Error(`strace printed only the start of a write to ${cut.target} at ${cut.time}; raise its -s`)
  const syncs = calls.filter((c) => SYNCS.has(c.name) && storeFile(c.target) !== null && c.result === 0)
  const firstWrites = firstWriteOfEach(writes, pushed)
  const syncedAfter = syncFinder(syncs)
  const violations: string[] = []
  const acks = sent.filter((s) => s.frame.tag === 'ack')
  for (const { frame, call: ack } of acks) {
    if (frame.tag !== 'ack') continue
    const what = `ack ref ${frame.ref} seq ${frame.seq} sent at ${ack.time} (line ${ack.startLine})`
    if (!pushed.has(frame.ref)) {
      violations.push(`${what}: the load pushed nothing under that ref`)
      continue
    }
    const write = firstWrites.get(frame.ref)
    if (write === undefined) {
      violations.push(`${what}: its entry was never written to the WAL or the database`)
      continue
    }
    const where = `${path.basename(write.target)} at ${write.time} (line ${write.startLine})`
    if (write.endLine >= ack.startLine) {
      violations.push(`${what}: its entry was written to ${where}, after the ack`)
      continue
    }
    const sync = syncedAfter(write)
    if (sync === undefined || sync.endLine >= ack.startLine) {
      const next = sync === undefined ? 'and never after' : `and next at ${sync.time} (line ${sync.startLine})`
      violations.push(`${what}: no fsync of ${path.basename(write.target)} between its entry's write to ${where} and the ack, ${next}`)
    }
  }
  const count = (list: Syscall[], kind: 'wal' | 'db') => list.filter((c) => storeFile(c.target) === kind).length
  return {
    acks: acks.length,
    walWrites: count(writes, 'wal'),
    dbWrites: count(writes, 'db'),
    walSyncs: count(syncs, 'wal'),
    dbSyncs: count(syncs, 'db'),
    violations,
  }
}

/**
 * For each pushed entry, the first write holding all its bytes. Entries are
 * looked up by their first four bytes (random: the seal's nonce starts
 * them) at every offset of every write, so the scan is linear in the bytes
 * written, not in writes times entries.
 */
function firstWriteOfEach(writes: readonly Syscall[], pushed: ReadonlyMap<number, Uint8Array>): Map<number, Syscall> {
  const byPrefix = new Map<number, { ref: number; sealed: Buffer }[]>()
  for (const [ref, sealed] of pushed) {
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
    const prefix = bytes.readUInt32LE(0)
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), { ref, sealed: bytes }])
  }
  const found = new Map<number, Syscall>()
  for (const write of writes) {
    const data = write.data.subarray(0, write.result!)
    for (let offset = 0; offset + 4 <= data.length; offset++) {
      const candidates = byPrefix.get(data.readUInt32LE(offset))
      if (candidates === undefined) continue
      for (const { ref, sealed } of candidates) {
        if (!found.has(ref) && data.subarray(offset, offset + sealed.length).equals(sealed)) found.set(ref, write)
      }
    }
  }
  return found
}

/** Finds, of the syncs of a write's file that started after it finished, the one that finished first. */
function syncFinder(syncs: readonly Syscall[]): (write: Syscall) => Syscall | undefined {
  const byFile = new Map<string, Syscall[]>()
  for (const sync of syncs) {
    if (!byFile.has(sync.target)) byFile.set(sync.target, [])
    byFile.get(sync.target)!.push(sync)
  }
  return (write) => {
    let first: Syscall | undefined
    for (const sync of byFile.get(write.target) ?? []) {
      if (sync.startLine > write.endLine && (first === undefined || sync.endLine < first.endLine)) first = sync
    }
    return first
  }
}

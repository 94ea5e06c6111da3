/** Log entries as the server frames that carry them, for replays and fan-out alike. */
import type { ClientFrame, ServerFrame } from '../../shared/frames.ts'
import { Limits } from '../../shared/protocol.ts'
import type { SealedEntry } from '../log/types.ts'

/** What one entry adds to an `entries` frame besides its sealed bytes: its seq and length prefix. */
const ENTRY_OVERHEAD_BYTES = 10

/**
 * Updates as `entries` frames, as many to a frame as fit in one: a fresh
 * device opening a long log reads a few frames, not thousands.
 */
export function entriesFrames(updates: readonly SealedEntry[]): ServerFrame[] {
  const frames: ServerFrame[] = []
  let batch: SealedEntry[] = []
  let batchBytes = 0
  for (const entry of updates) {
    const bytes = entry.sealed.byteLength + ENTRY_OVERHEAD_BYTES
    if (batch.length > 0 && batchBytes + bytes > Limits.maxFrameBytes) {
      frames.push({ tag: 'entries', entries: batch })
      batch = []
      batchBytes = 0
    }
    batch.push(entry)
    batchBytes += bytes
  }
  if (batch.length > 0) frames.push({ tag: 'entries', entries: batch })
  return frames
}

/** A stored snapshot as server frames: its parts, or only a notice when `parts` is null. */
export function snapshotFrames(seq: number, coversSeq: number, parts: readonly Uint8Array[] | null): ServerFrame[] {
  if (parts === null) return [{ tag: 'snapshotStored', seq, coversSeq }]
  return parts.map((bytes, index) => ({ tag: 'snapshotPart', seq, coversSeq, index, partCount: parts.length, bytes }))
}

/** The bytes of presence a client frame carries, which the socket's presence budget counts. */
export function presenceBytes(frame: ClientFrame): number {
  if (frame.tag === 'pushAwareness' || frame.tag === 'pushAwarenessTo') return frame.sealed.byteLength
  return 0
}

/** The bytes of document content a client frame carries, which the byte budgets count. */
export function documentBytes(frame: ClientFrame): number {
  if (frame.tag === 'pushUpdate') return frame.sealed.byteLength
  if (frame.tag === 'snapshotPart') return frame.bytes.byteLength
  return 0
}

/** Log entries as the server frames that carry them, for replays and fan-out alike. */
import type { ClientFrame, ServerFrame } from '../../shared/frames.ts'
import type { Replay } from '../log/types.ts'

/** The frames of a replay, in order: the snapshot (or its notice when the client holds its content), then updates. */
export function replayFrames(replay: Replay): ServerFrame[] {
  const frames: ServerFrame[] = []
  const { snapshot } = replay
  if (snapshot !== null) frames.push(...snapshotFrames(snapshot.seq, snapshot.coversSeq, snapshot.parts))
  for (const { seq, sealed } of replay.updates) frames.push({ tag: 'entry', seq, sealed })
  return frames
}

/** A stored snapshot as server frames: its parts, or only a notice when `parts` is null. */
export function snapshotFrames(seq: number, coversSeq: number, parts: readonly Uint8Array[] | null): ServerFrame[] {
  if (parts === null) return [{ tag: 'snapshotStored', seq, coversSeq }]
  return parts.map((bytes, index) => ({ tag: 'snapshotPart', seq, coversSeq, index, partCount: parts.length, bytes }))
}

/** The bytes of document content a client frame carries, which the byte budgets count. */
export function documentBytes(frame: ClientFrame): number {
  if (frame.tag === 'pushUpdate') return frame.sealed.byteLength
  if (frame.tag === 'snapshotPart') return frame.bytes.byteLength
  return 0
}

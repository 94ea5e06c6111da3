/**
 * One device reading a ModelLog through its LogMirror, connection after
 * connection, as client/sync/transport.ts drives it. Each session says
 * hello with the mirror's knownSeq and gets what the server would send: a
 * replay (the latest snapshot, its content or a notice, then the updates
 * the log still holds after knownSeq, several to a frame) and then the
 * entries appended while it is open — its own as acks. Then the network
 * has its way: neighbouring updates swap, some arrive twice, and every
 * session but the last is cut off part way (what was not delivered comes
 * in a later replay). Now and then the server replays from 0 and the
 * mirror starts afresh.
 *
 * Faults stay within what the server can do: a snapshot frame is never
 * moved (the server sends each socket its entries in seq order, so before
 * a snapshot notice the device holds what it covers).
 */
import fc from 'fast-check'
import { LogMirror } from '../../../client/sync/logMirror.ts'
import type { ModelLog, SnapshotItem, UpdateItem } from './modelLog.ts'

export type Session = {
  /** How far into the log the session runs, as a share (0–100) of what was not yet appended; the last runs to the end. */
  until: number
  /** The server replays from 0: the mirror forgets everything first. */
  readFromZero: boolean
  /** Share (0–100) of the session's frames delivered before it is cut off; the last session is never cut. */
  cutAt: number
  /** Entries per frame in the replay. */
  batch: number
  /** Positions where two neighbouring update frames trade places. */
  swaps: number[]
  /** Positions of update frames delivered a second time, a little later. */
  duplicates: number[]
  /** Bit i set: the live entry i of the session is this device's own (acked, not sent back). */
  ownMask: number
}

export const session: fc.Arbitrary<Session> = fc.record({
  until: fc.nat(100),
  readFromZero: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  cutAt: fc.nat(100),
  batch: fc.integer({ min: 1, max: 4 }),
  swaps: fc.array(fc.nat(), { maxLength: 4 }),
  duplicates: fc.array(fc.nat(), { maxLength: 2 }),
  ownMask: fc.nat(),
})

type Frame = { kind: 'updates' | 'own' | 'snapshot'; deliver(mirror: LogMirror): void }

/** Runs every session against a fresh mirror; returns it. */
export function readThroughSessions(log: ModelLog, sessions: readonly Session[]): LogMirror {
  const mirror = new LogMirror()
  let time = 0
  sessions.forEach((s, i) => {
    const last = i === sessions.length - 1
    const until = last ? log.head : time + Math.floor(((log.head - time) * s.until) / 100)
    if (s.readFromZero) mirror.reset()
    const frames = [...replayFrames(log, time, mirror.knownSeq, s.batch), ...liveFrames(log, time, until, s.ownMask)]
    disorder(frames, s)
    const delivered = last ? frames : frames.slice(0, Math.floor((frames.length * s.cutAt) / 100))
    for (const frame of delivered) frame.deliver(mirror)
    time = until
  })
  return mirror
}

const asEntry = (item: UpdateItem) => ({ seq: item.seq, update: item.opened, sealedBytes: item.sealedBytes })

/** What the server sends a hello with `knownSeq` once `time` entries were appended (server/log/sqlite.ts readReplay). */
function replayFrames(log: ModelLog, time: number, knownSeq: number, batch: number): Frame[] {
  const frames: Frame[] = []
  const snapshot = log.latestSnapshotAt(time)
  if (snapshot !== null && snapshot.seq > knownSeq) {
    const needsContent = snapshot.carried.length > 0 || snapshot.coversSeq > knownSeq
    frames.push(needsContent ? snapshotContent(snapshot) : snapshotNotice(snapshot))
  }
  const updates = log.updatesAt(time).filter((item) => item.seq > knownSeq)
  for (let i = 0; i < updates.length; i += batch) {
    const entries = updates.slice(i, i + batch).map(asEntry)
    frames.push({ kind: 'updates', deliver: (mirror) => void mirror.applyEntries(entries) })
  }
  return frames
}

/** Entries appended while the session is open, as they are fanned out: the device's own come back as acks. */
function liveFrames(log: ModelLog, from: number, until: number, ownMask: number): Frame[] {
  return log.items.slice(from, until).map((item, i): Frame => {
    const own = (ownMask >> i) % 2 === 1
    if (item.kind === 'snapshot') return own ? ownSnapshot(item) : item.carried.length > 0 ? snapshotContent(item) : snapshotNotice(item)
    if (own && item.readable) return { kind: 'own', deliver: (mirror) => mirror.acknowledge(item.seq, item.opened!, item.sealedBytes) }
    return { kind: 'updates', deliver: (mirror) => void mirror.applyEntries([asEntry(item)]) }
  })
}

function snapshotContent(item: SnapshotItem): Frame {
  return { kind: 'snapshot', deliver: (mirror) => void mirror.applySnapshot(item.seq, item.coversSeq, item.content) }
}

/** A notice says the device holds what the snapshot covers; the server sends one only then. */
function snapshotNotice(item: SnapshotItem): Frame {
  return {
    kind: 'snapshot',
    deliver: (mirror) => {
      if (mirror.knownSeq < item.coversSeq)
        throw new Error(`the model sent a notice of snapshot ${item.seq} to a mirror at ${mirror.knownSeq}`)
      mirror.noteSnapshot(item.seq, item.coversSeq)
    },
  }
}

/** The device posted this snapshot from its mirror, so it covered what the mirror held; if it held less, it was another's. */
function ownSnapshot(item: SnapshotItem): Frame {
  return {
    kind: 'snapshot',
    deliver: (mirror) => {
      if (mirror.knownSeq >= item.coversSeq) mirror.snapshotAcknowledged(item.seq, item.coversSeq, item.carried)
      else mirror.applySnapshot(item.seq, item.coversSeq, item.content)
    },
  }
}

/** Swaps and repeats update frames, never across a snapshot frame. */
function disorder(frames: Frame[], s: Session): void {
  const isUpdate = (frame: Frame | undefined) => frame !== undefined && frame.kind !== 'snapshot'
  for (const at of s.swaps) {
    const i = frames.length < 2 ? 0 : at % (frames.length - 1)
    if (isUpdate(frames[i]) && isUpdate(frames[i + 1])) [frames[i], frames[i + 1]] = [frames[i + 1]!, frames[i]!]
  }
  for (const at of s.duplicates) {
    const i = frames.length === 0 ? 0 : at % frames.length
    // An ack comes once; an entry may come twice (a replay after a reconnect sends again what was seen ahead).
    if (frames[i]?.kind !== 'updates') continue
    let later = i + 1
    while (isUpdate(frames[later]) && later < i + 3) later++
    frames.splice(later, 0, frames[i]!)
  }
}

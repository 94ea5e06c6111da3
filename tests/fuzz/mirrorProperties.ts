/**
 * The client's log mirror (client/sync/logMirror.ts) under random logs and
 * random deliveries: replays from wherever it stood, snapshots covering a
 * prefix (with changes of their own or not, keeping what their poster could
 * not read), entries out of order, twice, or cut off and filled by a later
 * replay. Whatever the order, it ends holding the board as the log has it.
 */
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import type { FuzzProperty } from './fuzzProperty.ts'
import { unknownFailures } from './knownBugs.ts'
import { boardContent } from './mirror/boardEdits.ts'
import { readThroughSessions, session, type Session } from './mirror/deviceSessions.ts'
import { logStep, ModelLog, type LogStep } from './mirror/modelLog.ts'

const steps = fc.array(logStep, { minLength: 1, maxLength: 30, size: 'max' })
const sessions = fc.array(session, { minLength: 1, maxLength: 5 })

/** A random log, and one device's mirror of it after reading it through random sessions. */
function logAndMirror(logSteps: LogStep[], deviceSessions: Session[]) {
  const log = new ModelLog(logSteps)
  return { log, mirror: readThroughSessions(log, deviceSessions) }
}

export const mirrorConvergesToTheLog: FuzzProperty<[LogStep[], Session[]]> = {
  name: 'the log mirror, fed replays, snapshots and entries out of order, twice or late, ends with the board every update makes in order',
  shortRuns: 300,
  longRuns: 5_000,
  property: () =>
    fc.property(steps, sessions, (logSteps, deviceSessions) => {
      const { log, mirror } = logAndMirror(logSteps, deviceSessions)
      const expected = boardContent(log.truth())
      const actual = boardContent(mirror.doc)
      if (!isDeepStrictEqual(actual, expected))
        throw new Error(`the mirror holds ${JSON.stringify(actual)}, the log ${JSON.stringify(expected)}`)
      if (mirror.doc.store.pendingStructs !== null || mirror.doc.store.pendingDs !== null)
        throw new Error('the mirror is left with changes it cannot apply')
      if (mirror.knownSeq !== log.head) throw new Error(`the mirror knows up to ${mirror.knownSeq}, the log's head is ${log.head}`)
      const latest = log.latestSnapshotAt(log.head)?.seq ?? 0
      if (mirror.snapshotSeq !== latest) throw new Error(`the mirror's latest snapshot is ${mirror.snapshotSeq}, the log's ${latest}`)
    }),
}

export const mirrorTailCountsEachEntryOnce: FuzzProperty<[LogStep[], Session[]]> = {
  name: "the log mirror's tail is never longer than the log's: an entry that arrives twice is counted once",
  shortRuns: 300,
  longRuns: 5_000,
  property: () =>
    fc.property(steps, sessions, (logSteps, deviceSessions) => {
      const { log, mirror } = logAndMirror(logSteps, deviceSessions)
      // The server's tail: the updates it still holds, past the latest snapshot and kept by it.
      const logTail = log.updatesAt(log.head).length
      if (mirror.tail.updates > logTail)
        failUnlessKnown(`the mirror's tail of ${mirror.tail.updates} updates counts more than the log holds (${logTail})`)
    }),
}

function failUnlessKnown(message: string): void {
  if (unknownFailures([message]).length > 0) throw new Error(message)
}

export const mirrorProperties: FuzzProperty[] = [mirrorConvergesToTheLog, mirrorTailCountsEachEntryOnce] as FuzzProperty[]

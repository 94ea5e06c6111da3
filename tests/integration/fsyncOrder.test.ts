/**
 * Acks follow fsyncs, checked at the system-call level: a kill -9 cannot
 * tell a commit that reached the disk from one left in the page cache, but
 * a trace of the server's writes and fsyncs can. The real server is traced
 * under load and every ack must leave after an fsync of the WAL that
 * followed its own entry's write (tests/kit/fsync/checkAckOrder.ts has the
 * rule). Then the same check runs on a server with each fault put in on
 * purpose (tests/kit/unsafeServer.ts), and must catch every ack.
 *
 * Needs strace; without it, or without the right to ptrace, the tests fail
 * with one line saying so.
 */
import { describe, expect, test } from 'vitest'
import { traceAckOrder, type AckOrderRun } from '../kit/fsync/traceAckOrder.ts'

const UNSAFE_SERVER = ['--import', 'tsx', 'tests/kit/unsafeServer.ts']
/** Far fewer than a run makes (about 1500–2000 here), so a slow machine passes, but enough to have meant something. */
const MIN_ACKS = 200
const RUN_TIMEOUT_MS = 90_000

/** A run's figures without its violations and log, for a failure message that stays readable. */
function figures({ violations, serverLog, ...rest }: AckOrderRun): string {
  return `${JSON.stringify(rest)}; ${violations.length} violation(s)${violations.length > 0 ? `, first: ${violations[0]}` : ''}\n${serverLog}`
}

function expectNotVacuous(run: AckOrderRun): void {
  expect(run.acks, figures(run)).toBeGreaterThanOrEqual(MIN_ACKS)
  expect(run.acks, figures(run)).toBe(run.ackedBySockets)
  expect(run.walWrites, figures(run)).toBeGreaterThan(0)
}

describe('fsync before ack, in a trace of the server process', () => {
  test(
    "every ack leaves after an fsync of the WAL that followed its entry's write",
    async () => {
      const run = await traceAckOrder()
      expect(run.violations.slice(0, 5), figures(run)).toEqual([])
      expectNotVacuous(run)
      expect(run.walSyncs, figures(run)).toBeGreaterThan(0)
    },
    RUN_TIMEOUT_MS,
  )

  test(
    'the check fails when synchronous is lowered to OFF',
    async () => {
      const run = await traceAckOrder(UNSAFE_SERVER, { UNSAFE_FAULT: 'synchronous-off' })
      expectNotVacuous(run)
      expect(run.walSyncs, figures(run)).toBe(0)
      expect(run.violations, figures(run)).toHaveLength(run.acks)
      expect(run.violations[0]).toMatch(/^ack ref \d+ seq \d+ sent at .*: no fsync of common-ground\.sqlite-wal between its entry's write/)
    },
    RUN_TIMEOUT_MS,
  )

  test(
    'the check fails when acks are sent before the commit',
    async () => {
      const run = await traceAckOrder(UNSAFE_SERVER, { UNSAFE_FAULT: 'ack-before-commit' })
      expectNotVacuous(run)
      expect(run.violations, figures(run)).toHaveLength(run.acks)
      expect(run.violations[0]).toMatch(
        /^ack ref \d+ seq \d+ sent at .*: its entry was written to common-ground\.sqlite-wal at .*, after the ack$/,
      )
    },
    RUN_TIMEOUT_MS,
  )
})

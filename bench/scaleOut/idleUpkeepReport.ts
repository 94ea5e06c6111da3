/**
 * The idle upkeep (idleUpkeep.ts) in Markdown, below the scale-out table:
 * one row per board count, each figure per second and per board, then
 * what each board added between the smallest and the largest count.
 */
import { row } from '../harness/markdown.ts'
import type { Outcome } from '../relay/referenceRun.ts'
import type { IdleUpkeep, IdleUpkeepShape } from './idleUpkeep.ts'

export type IdleUpkeepFigures = {
  boards: number
  serverCpuMsPerSecond: number
  redisCommandsPerSecond: number
  sqlStatementsPerSecond: number
  serverCpuUsPerBoardSecond: number
  /** Redis commands and SQL statements together, per board per second. */
  roundTripsPerBoardSecond: number
}

export function idleUpkeepFigures({ boards, seconds, serverCpuSeconds, redisCommands, sqlStatements }: IdleUpkeep): IdleUpkeepFigures {
  return {
    boards,
    serverCpuMsPerSecond: (serverCpuSeconds / seconds) * 1000,
    redisCommandsPerSecond: redisCommands / seconds,
    sqlStatementsPerSecond: sqlStatements / seconds,
    serverCpuUsPerBoardSecond: (serverCpuSeconds / seconds / boards) * 1e6,
    roundTripsPerBoardSecond: (redisCommands + sqlStatements) / seconds / boards,
  }
}

export function formatIdleUpkeep(shape: IdleUpkeepShape, outcome: Outcome<IdleUpkeep[]>): string[] {
  const lines = [
    '',
    `Idle upkeep: one server process on PostgreSQL and Redis with ${shape.boardCounts.join(', then ')} boards open, one idle socket each, ` +
      `${shape.measureMs / 1000} s measured per count. Each second the process checks every board's head and seat share and renews its liveness; ` +
      'its CPU (all threads, the clock frame every socket gets included), the commands Redis received and the statements it sent PostgreSQL. ' +
      'A command per board would keep the round trips at one or more per board per second.',
    '',
    row([
      'idle boards',
      'server CPU (ms/s)',
      'Redis commands/s',
      'SQL statements/s',
      'CPU per board (µs/s)',
      'round trips per board per s',
    ]),
    row(['---:', '---:', '---:', '---:', '---:', '---:']),
  ]
  if (!outcome.ok) return [...lines, row([`failed: ${outcome.error}`, '', '', '', '', ''])]
  const figures = outcome.value.map(idleUpkeepFigures)
  for (const f of figures) {
    lines.push(
      row([
        String(f.boards),
        f.serverCpuMsPerSecond.toFixed(1),
        f.redisCommandsPerSecond.toFixed(1),
        f.sqlStatementsPerSecond.toFixed(1),
        f.serverCpuUsPerBoardSecond.toFixed(1),
        f.roundTripsPerBoardSecond.toFixed(4),
      ]),
    )
  }
  const [first, last] = [figures[0], figures.at(-1)]
  if (first !== undefined && last !== undefined && last.boards > first.boards) {
    const more = last.boards - first.boards
    const perBoard = (a: number, b: number) => (b - a) / more
    lines.push(
      row([
        `each of the ${more} more`,
        '',
        fixed(perBoard(first.redisCommandsPerSecond, last.redisCommandsPerSecond), 4),
        fixed(perBoard(first.sqlStatementsPerSecond, last.sqlStatementsPerSecond), 4),
        (perBoard(first.serverCpuMsPerSecond, last.serverCpuMsPerSecond) * 1000).toFixed(1),
        '',
      ]),
    )
  }
  return lines
}

/** Like toFixed, without the "-0.0000" of a difference that is nothing. */
function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits)
  return Number(text) === 0 ? (0).toFixed(digits) : text
}

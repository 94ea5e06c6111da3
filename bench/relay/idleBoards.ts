/**
 * Scenario (e): memory per idle board. Boards of two people who each wrote a
 * few edits and then stay connected, quiet. RSS with every board open, less
 * RSS of the same fresh server before the first board, per board.
 */
import { cameTrue, inBatches, sleep } from '../../tests/kit/waits.ts'
import { toLatencyFigures, type LatencyFigures } from '../harness/figures.ts'
import type { Protocol } from './loadClients/loadClient.ts'
import { memoryOf } from '../../tests/kit/procStats.ts'
import type { ServerProcess } from '../harness/serverProcess.ts'

export type IdleShape = {
  boards: number
  peoplePerBoard: number
  editsPerPerson: number
  connectConcurrency: number
  storedWithinMs: number
  /** Quiet time before each RSS reading, so the last burst's garbage has a chance to be collected. */
  settleMs: number
}

export type IdleResult = {
  rssAtStartBytes: number
  rssWithBoardsBytes: number
  rssPerBoardBytes: number
  peakRssBytes: number
  connect: LatencyFigures
  droppedSockets: number
}

const CREATE_CONCURRENCY = 16

export async function runIdleBoards(server: ServerProcess, protocol: Protocol, shape: IdleShape): Promise<IdleResult> {
  await sleep(shape.settleMs)
  const rssAtStartBytes = memoryOf(server.pid).rssBytes
  const boards = await inBatches(Array.from({ length: shape.boards }), CREATE_CONCURRENCY, () => protocol.newBoard(server))
  const seats = boards.flatMap((board) => Array.from({ length: shape.peoplePerBoard }, () => board))
  const clients = await inBatches(seats, shape.connectConcurrency, (board) => board.join())
  try {
    for (let edit = 0; edit < shape.editsPerPerson; edit++) await Promise.all(clients.map((client) => client.sendEdit()))
    if (!(await cameTrue(() => clients.every((client) => client.serverHasAll()), { timeoutMs: shape.storedWithinMs, everyMs: 50 }))) {
      throw new Error(`the server did not hold every idle board's edits within ${shape.storedWithinMs} ms`)
    }
    await sleep(shape.settleMs)
    const { rssBytes, peakRssBytes } = memoryOf(server.pid)
    return {
      rssAtStartBytes,
      rssWithBoardsBytes: rssBytes,
      rssPerBoardBytes: (rssBytes - rssAtStartBytes) / shape.boards,
      peakRssBytes,
      connect: toLatencyFigures(clients.map((client) => client.connectMs)),
      droppedSockets: clients.filter((client) => client.dropped()).length,
    }
  } finally {
    for (const client of clients) client.close()
  }
}

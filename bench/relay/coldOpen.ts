/**
 * Scenario (d): a fresh device opens a board of 2,000 edits. One person
 * writes them; ours also posts a snapshot once the tail passes our client's
 * threshold, as our client would, so the device reads a snapshot and the
 * tail after it. The writer stays connected (Hocuspocus unloads a document
 * when its last socket leaves), and fresh devices then open the board one
 * after another: from creating the socket to holding the board (ours:
 * replayDone; the Yjs servers: their SyncStep2). Decrypting and applying are
 * the device's work and are not timed.
 */
import { ClientLimits } from '../../client/sync/clientLimits.ts'
import { cameTrue } from '../../tests/kit/waits.ts'
import { toLatencyFigures, type LatencyFigures } from '../harness/figures.ts'
import type { Protocol } from './loadClients/loadClient.ts'
import { memoryOf } from '../../tests/kit/procStats.ts'
import type { ServerProcess } from '../harness/serverProcess.ts'

export type ColdOpenShape = { edits: number; opens: number; storedWithinMs: number }

export type ColdOpenResult = {
  open: LatencyFigures
  /** Ours: the edit after which the snapshot was posted; null where the server keeps no log. */
  snapshotAfterEdit: number | null
  peakRssBytes: number
}

/** Our client posts a snapshot once the tail passes this many updates (docs/protocol.md, "Snapshots"). */
const SNAPSHOT_AFTER_EDIT = ClientLimits.snapshotAfterUpdates + 1

export async function runColdOpen(server: ServerProcess, protocol: Protocol, shape: ColdOpenShape): Promise<ColdOpenResult> {
  const board = await protocol.newBoard(server)
  const writer = await board.join()
  try {
    let snapshotAfterEdit: number | null = null
    for (let edit = 1; edit <= shape.edits; edit++) {
      await writer.sendEdit()
      if (writer.compact !== undefined && edit === SNAPSHOT_AFTER_EDIT) {
        await stored(writer.serverHasAll, shape.storedWithinMs)
        await writer.compact()
        snapshotAfterEdit = edit
      }
    }
    await stored(writer.serverHasAll, shape.storedWithinMs)
    const opens: number[] = []
    for (let i = 0; i < shape.opens; i++) {
      const device = await board.join()
      opens.push(device.connectMs)
      device.close()
    }
    return { open: toLatencyFigures(opens), snapshotAfterEdit, peakRssBytes: memoryOf(server.pid).peakRssBytes }
  } finally {
    writer.close()
  }
}

async function stored(serverHasAll: () => boolean, ms: number): Promise<void> {
  if (!(await cameTrue(serverHasAll, { timeoutMs: ms, everyMs: 20 })))
    throw new Error(`the server did not hold the writer's edits within ${ms} ms`)
}

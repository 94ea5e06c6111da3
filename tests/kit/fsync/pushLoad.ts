/**
 * Load for the trace: a few raw clients on a few boards, each keeping
 * several sealed updates in flight for a while, so commits group many
 * pushes and acks share socket writes with fan-out. Every ref is unique
 * across all sockets, so an ack seen in the trace names exactly one pushed
 * update.
 */
import { createBoard, seal, type ServerAddress } from '../boards.ts'
import { joinBoard, type RawClient } from '../rawClient.ts'
import type { TestBoard } from '../boards.ts'

export type LoadOptions = { boards: number; socketsPerBoard: number; inFlight: number; durationMs: number }
export type LoadResult = {
  /** Every pushed update's sealed bytes, by its ref. */
  pushed: Map<number, Uint8Array>
  /** The seq of every ack the sockets received, by ref. */
  acked: Map<number, number>
}

/** A card edit's usual size: small enough that SQLite keeps the row whole in one page. */
const PLAINTEXT_BYTES = 160
const ACK_WAIT_MS = 15_000

export async function pushUpdates(server: ServerAddress, options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { pushed: new Map(), acked: new Map() }
  let nextRef = 1
  const boards = await Promise.all(Array.from({ length: options.boards }, () => createBoard(server)))
  const joined = await Promise.all(
    boards.flatMap((board) => Array.from({ length: options.socketsPerBoard }, () => joinBoard(server, board))),
  )
  const sockets = joined.map(({ client }, i) => ({ client, board: boards[Math.floor(i / options.socketsPerBoard)]! }))
  const until = Date.now() + options.durationMs
  await Promise.all(sockets.map(({ client, board }) => keepPushing(client, board)))
  await Promise.all(sockets.map(({ client }) => (client.close(), client.closed)))
  return result

  /** Keeps `inFlight` pushes unanswered until the load's time is up, then waits for the last acks. */
  function keepPushing(client: RawClient, board: TestBoard): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let outstanding = 0
      const push = async () => {
        const ref = nextRef++
        // Counted before sealing, so the last ack cannot end the socket's load while this push is on its way.
        outstanding++
        const sealed = await seal(board, `update ${ref} `.padEnd(PLAINTEXT_BYTES, '.'))
        result.pushed.set(ref, sealed)
        client.send({ tag: 'pushUpdate', ref, sealed })
      }
      const giveUp = setTimeout(
        () => reject(new Error(`${outstanding} pushes were never acked within ${ACK_WAIT_MS} ms of the load's end`)),
        options.durationMs + ACK_WAIT_MS,
      )
      const stopListening = client.onFrame((frame) => {
        if (frame.tag === 'reject') reject(new Error(`ref ${frame.ref} was rejected (reason ${frame.reason})`))
        if (frame.tag !== 'ack') return
        result.acked.set(frame.ref, frame.seq)
        outstanding--
        if (Date.now() < until) push().catch(reject)
        else if (outstanding === 0) {
          clearTimeout(giveUp)
          stopListening()
          resolve()
        }
      })
      void client.closed.then(({ code }) => reject(new Error(`a socket closed during the load (${code})`)))
      for (let i = 0; i < options.inFlight; i++) push().catch(reject)
    })
  }
}

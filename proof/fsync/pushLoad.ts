/**
 * Load for the trace: a few sockets on a few boards, each keeping several
 * sealed updates in flight for a while, so commits group many pushes and
 * acks share socket writes with fan-out. Every ref is unique across all
 * sockets, so an ack seen in the trace names exactly one pushed update.
 */
import WebSocket from 'ws'
import { sealPayload } from '../../shared/crypto.ts'
import { decodeServerFrame, encodeClientFrame } from '../../shared/frames.ts'
import { PROTOCOL_VERSION } from '../../shared/protocol.ts'
import { createBoardOnServer, type ServerBoard } from '../boardOnServer.ts'

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

type Board = ServerBoard

export async function pushUpdates(server: { url: string; wsUrl: string }, options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { pushed: new Map(), acked: new Map() }
  let nextRef = 1
  const boards = await Promise.all(Array.from({ length: options.boards }, () => createBoardOnServer(server.url)))
  const sockets = await Promise.all(boards.flatMap((board) => Array.from({ length: options.socketsPerBoard }, () => join(server.wsUrl, board))))
  const until = Date.now() + options.durationMs
  await Promise.all(
    sockets.map(
      ({ socket, board }) =>
        new Promise<void>((resolve, reject) => {
          let outstanding = 0
          const push = async () => {
            const ref = nextRef++
            // Counted before sealing, so the last ack cannot end the socket's load while this push is on its way.
            outstanding++
            const text = `update ${ref} `.padEnd(PLAINTEXT_BYTES, '.')
            const sealed = await sealPayload(board.encryptionKey, board.boardId, 'update', new TextEncoder().encode(text))
            result.pushed.set(ref, sealed)
            socket.send(encodeClientFrame({ tag: 'pushUpdate', ref, sealed }))
          }
          const giveUp = setTimeout(() => reject(new Error(`${outstanding} pushes were never acked within ${ACK_WAIT_MS} ms of the load's end`)), options.durationMs + ACK_WAIT_MS)
          socket.on('message', (data: Buffer) => {
            const frame = decodeServerFrame(new Uint8Array(data))
            if (frame.tag === 'reject') reject(new Error(`ref ${frame.ref} was rejected (reason ${frame.reason})`))
            if (frame.tag !== 'ack') return
            result.acked.set(frame.ref, frame.seq)
            outstanding--
            if (Date.now() < until) push().catch(reject)
            else if (outstanding === 0) {
              clearTimeout(giveUp)
              resolve()
            }
          })
          socket.once('close', (code) => reject(new Error(`a socket closed during the load (${code})`)))
          socket.on('error', reject)
          for (let i = 0; i < options.inFlight; i++) push().catch(reject)
        }),
    ),
  )
  await Promise.all(sockets.map(({ socket }) => new Promise((resolve) => (socket.removeAllListeners('close').once('close', resolve), socket.close()))))
  return result
}

/** Opens a socket on the board and waits for the end of its (empty) replay. */
async function join(wsUrl: string, board: Board): Promise<{ socket: WebSocket; board: Board }> {
  const socket = new WebSocket(wsUrl)
  socket.binaryType = 'nodebuffer'
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  socket.send(encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId: board.boardId, accessToken: board.accessToken, knownSeq: 0 }))
  await new Promise<void>((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      if (decodeServerFrame(new Uint8Array(data)).tag !== 'replayDone') return
      socket.off('message', onMessage)
      resolve()
    }
    socket.on('message', onMessage)
    socket.once('close', (code, reason) => reject(new Error(`the hello was refused: ${code} ${reason.toString()}`)))
  })
  socket.removeAllListeners('close')
  return { socket, board }
}

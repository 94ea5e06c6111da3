/**
 * A load-generating client that speaks frames over a real socket, for the
 * benchmark: it records when each push left and when its ack or fan-out
 * arrived. Payloads are real ciphertext of the usual size of a card edit.
 */
import WebSocket from 'ws'
import { deriveBoardKeys, generateBoardId, generateBoardSecret, hashAccessToken } from '../../shared/crypto.ts'
import { decodeServerFrame, encodeClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { PROTOCOL_VERSION } from '../../shared/protocol.ts'

export type BenchBoard = { boardId: string; secret: Uint8Array; accessToken: Uint8Array }

export async function createBenchBoard(httpUrl: string): Promise<BenchBoard> {
  const boardId = generateBoardId()
  const secret = generateBoardSecret()
  const { accessToken } = await deriveBoardKeys(boardId, secret)
  const response = await fetch(`${httpUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ boardId, tokenHash: await hashAccessToken(accessToken) }),
  })
  if (response.status !== 201) throw new Error(`create board: ${response.status}`)
  return { boardId, secret, accessToken }
}

export class FrameClient {
  readonly socket: WebSocket
  readonly ackedAt = new Map<number, number>()
  readonly seqOfRef = new Map<number, number>()
  readonly entryAt = new Map<number, number>()
  #waiters: Array<{ test: (frame: ServerFrame) => boolean; resolve: (frame: ServerFrame) => void }> = []

  private constructor(socket: WebSocket) {
    this.socket = socket
    socket.on('message', (data: Buffer) => {
      const now = performance.now()
      const frame = decodeServerFrame(new Uint8Array(data))
      if (frame.tag === 'ack') {
        this.ackedAt.set(frame.ref, now)
        this.seqOfRef.set(frame.ref, frame.seq)
      } else if (frame.tag === 'entry') {
        this.entryAt.set(frame.seq, now)
      } else {
        for (const { seq } of batchedEntries(frame)) this.entryAt.set(seq, now)
      }
      this.#waiters = this.#waiters.filter((waiter) => !(waiter.test(frame) && (waiter.resolve(frame), true)))
    })
  }

  static async connect(wsUrl: string, board: BenchBoard): Promise<FrameClient> {
    const socket = new WebSocket(wsUrl)
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    const client = new FrameClient(socket)
    const replayed = client.next((frame) => frame.tag === 'replayDone')
    socket.send(encodeClientFrame({ tag: 'hello', version: PROTOCOL_VERSION, boardId: board.boardId, accessToken: board.accessToken, knownSeq: 0 }))
    // A socket the server refuses is closed, never answered: waiting for its replay would hang the bench.
    await new Promise<void>((resolve, reject) => {
      const refused = (code: number, reason: Buffer) => reject(new Error(`bench socket closed before its replay: ${code} ${reason}`))
      socket.once('close', refused)
      void replayed.then(() => {
        socket.off('close', refused)
        resolve()
      })
    })
    return client
  }

  next(test: (frame: ServerFrame) => boolean): Promise<ServerFrame> {
    return new Promise((resolve) => this.#waiters.push({ test, resolve }))
  }

  push(ref: number, sealed: Uint8Array): void {
    this.socket.send(encodeClientFrame({ tag: 'pushUpdate', ref, sealed }))
  }

  close(): void {
    this.socket.close()
  }
}

/**
 * Entries that arrive many to a frame (a replay's `entries` batch, where the server sends one). Read
 * through a cast so the bench keeps compiling whether or not the protocol in this tree has that frame.
 */
function batchedEntries(frame: ServerFrame): readonly { seq: number }[] {
  const { entries } = frame as { entries?: unknown }
  return Array.isArray(entries) ? (entries as { seq: number }[]) : []
}

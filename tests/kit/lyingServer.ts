/**
 * A server that lies to one sync client: the socket that client is given
 * sits between its transport and the real server and rewrites what the
 * server says, as a compromised server could. It can withhold one device's
 * changes (and let them through later), and serve an older snapshot as the
 * latest on the next connection. It also keeps the snapshots its client
 * posted, so a test has an older copy to serve. Only tests read frames this
 * way: the real server never opens a payload.
 */
import WebSocket from 'ws'
import { deriveBoardKeys, type BoardKeys } from '../../shared/crypto.ts'
import { decodeClientFrame, decodeServerFrame, encodeServerFrame, type ServerFrame } from '../../shared/frames.ts'
import { SNAPSHOT_PART_BYTES } from '../../shared/protocol.ts'
import { openChange } from '../../shared/signedEnvelope.ts'
import type { NewBoard } from '../../client/sync/createBoard.ts'
import type { SocketConstructor, SocketLike } from '../../client/sync/transport.ts'
import { afterThisTest } from './teardown.ts'

export type StoredSnapshot = { seq: number; coversSeq: number; sealed: Uint8Array }
type Entry = { seq: number; sealed: Uint8Array }

export class LyingServer {
  /** Snapshots this client posted and the server stored, oldest first. */
  readonly postedSnapshots: StoredSnapshot[] = []
  /** Entries held back so far, not yet let through. */
  readonly held: Entry[] = []
  readonly WebSocketImpl: SocketConstructor
  readonly #keys: Promise<BoardKeys>
  readonly #boardId: string
  #withheldDevice: string | null = null
  #olderCopy: StoredSnapshot | null = null
  #current: LyingSocket | null = null

  constructor(board: Pick<NewBoard, 'boardId' | 'secret'>) {
    this.#boardId = board.boardId
    this.#keys = deriveBoardKeys(board.boardId, board.secret)
    const lies = () => this
    const opened = (socket: LyingSocket) => (this.#current = socket)
    this.WebSocketImpl = class extends LyingSocket {
      constructor(url: string) {
        super(url, lies())
        opened(this)
      }
    }
  }

  /** From now on, changes signed by `deviceId` are not passed on to this client. */
  withholdChangesOf(deviceId: string): void {
    this.#withheldDevice = deviceId
  }

  /** Lets the held changes through, in order, and withholds nothing more. */
  release(): void {
    this.#withheldDevice = null
    const entries = this.held.splice(0).sort((a, b) => a.seq - b.seq)
    if (entries.length > 0) this.#current?.deliver({ tag: 'entries', entries })
  }

  /** On the next connection, the replay is `snapshot` alone, as if it were the latest (the log said to start afresh). */
  serveOlderCopyNext(snapshot: StoredSnapshot): void {
    this.#olderCopy = snapshot
  }

  /** Ends the current connection as a network would; the client reconnects. */
  dropConnection(): void {
    this.#current?.cutOff()
  }

  /** What the server said, as this client is to hear it: null to say nothing; a list for several frames. */
  async rewrite(frame: ServerFrame, replaying: { older: StoredSnapshot | null }): Promise<ServerFrame[]> {
    const older = replaying.older
    if (older !== null) {
      if (frame.tag === 'welcome') return [{ ...frame, replayFrom: 0 }]
      if (frame.tag !== 'replayDone') return []
      replaying.older = null
      return [...snapshotParts(older), { tag: 'replayDone', headSeq: older.seq }]
    }
    if (frame.tag !== 'entry' && frame.tag !== 'entries') return [frame]
    const entries = frame.tag === 'entry' ? [{ seq: frame.seq, sealed: frame.sealed }] : frame.entries
    const passed: Entry[] = []
    for (const entry of entries) {
      if (await this.#withholds(entry)) this.held.push(entry)
      else passed.push(entry)
    }
    return passed.length === 0 ? [] : [{ tag: 'entries', entries: passed }]
  }

  takeOlderCopy(): StoredSnapshot | null {
    const older = this.#olderCopy
    this.#olderCopy = null
    return older
  }

  async #withholds(entry: Entry): Promise<boolean> {
    const device = this.#withheldDevice
    if (device === null) return false
    const { encryptionKey } = await this.#keys
    try {
      const opened = await openChange(encryptionKey, this.#boardId, entry.sealed)
      return opened.signed?.deviceId === device
    } catch {
      return false
    }
  }
}

function snapshotParts(snapshot: StoredSnapshot): ServerFrame[] {
  const parts: ServerFrame[] = []
  const count = Math.max(1, Math.ceil(snapshot.sealed.byteLength / SNAPSHOT_PART_BYTES))
  for (let index = 0; index < count; index++) {
    const bytes = snapshot.sealed.subarray(index * SNAPSHOT_PART_BYTES, (index + 1) * SNAPSHOT_PART_BYTES)
    parts.push({ tag: 'snapshotPart', seq: snapshot.seq, coversSeq: snapshot.coversSeq, index, partCount: count, bytes })
  }
  return parts
}

class LyingSocket implements SocketLike {
  binaryType = 'arraybuffer'
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  onerror: SocketLike['onerror'] = null
  readonly #socket: WebSocket
  readonly #server: LyingServer
  readonly #replaying: { older: StoredSnapshot | null }
  #inOrder: Promise<void> = Promise.resolve()
  /** ref → what a snapshot this client began covers, and its parts so far. */
  readonly #posting = new Map<number, { coversSeq: number; parts: Uint8Array[] }>()

  constructor(url: string, server: LyingServer) {
    this.#server = server
    this.#replaying = { older: server.takeOlderCopy() }
    this.#socket = new WebSocket(url)
    this.#socket.binaryType = 'arraybuffer'
    afterThisTest(() => this.#socket.terminate())
    this.#socket.onopen = (event) => this.onopen?.(event)
    this.#socket.onerror = (event) => this.onerror?.(event)
    this.#socket.onclose = (event) => this.onclose?.({ code: event.code, reason: event.reason })
    this.#socket.onmessage = (event) => {
      const frame = decodeServerFrame(new Uint8Array(event.data as ArrayBuffer))
      this.#inOrder = this.#inOrder.then(async () => {
        if (frame.tag === 'ack') this.#stored(frame.ref, frame.seq)
        for (const told of await this.#server.rewrite(frame, this.#replaying)) this.deliver(told)
      })
    }
  }

  deliver(frame: ServerFrame): void {
    this.onmessage?.({ data: encodeServerFrame(frame).slice().buffer })
  }

  send(data: Uint8Array): void {
    const frame = decodeClientFrame(data)
    if (frame.tag === 'beginSnapshot') this.#posting.set(frame.ref, { coversSeq: frame.coversSeq, parts: [] })
    if (frame.tag === 'snapshotPart') this.#posting.get(frame.ref)?.parts.push(frame.bytes.slice())
    this.#socket.send(data)
  }

  close(code?: number, reason?: string): void {
    this.#socket.close(code, reason)
  }

  cutOff(): void {
    this.#socket.terminate()
  }

  #stored(ref: number, seq: number): void {
    const posted = this.#posting.get(ref)
    if (posted === undefined) return
    this.#posting.delete(ref)
    this.#server.postedSnapshots.push({ seq, coversSeq: posted.coversSeq, sealed: Buffer.concat(posted.parts) })
  }
}

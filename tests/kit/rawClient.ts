/**
 * The kit's one raw protocol client: a real `ws` socket that speaks frames,
 * not Yjs. It sends exactly what it is told, nonsense included, and keeps
 * every decoded server frame; waits resolve on the frame that satisfies
 * them, so a test, a proof's writer and a bench's load generator all wait on
 * events rather than on the clock. Payloads are really sealed
 * (boards.ts), so what the server stores is real ciphertext.
 */
import WebSocket from 'ws'
import { decodeServerFrame, encodeClientFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { PROTOCOL_VERSION, SNAPSHOT_PART_BYTES } from '../../shared/protocol.ts'
import { seal, unseal, type ClientAddress, type ServerAddress, type TestBoard } from './boards.ts'
import { afterThisTest } from './teardown.ts'

export type CloseInfo = { code: number; reason: string }
type FrameOf<T extends ServerFrame['tag']> = Extract<ServerFrame, { tag: T }>

type Waiter = {
  test: (frame: ServerFrame) => boolean
  settle: (outcome: { frame: ServerFrame } | { error: Error }) => void
  describe: () => string
}

export class RawClient {
  readonly frames: ServerFrame[] = []
  /** Resolves when the socket closes, by either side (1006 when cut off). */
  readonly closed: Promise<CloseInfo>
  readonly #waiters = new Set<Waiter>()
  readonly #listeners = new Set<(frame: ServerFrame) => void>()

  private constructor(readonly socket: WebSocket) {
    socket.binaryType = 'nodebuffer'
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) throw new Error('the server sent a text frame')
      const frame = decodeServerFrame(new Uint8Array(data))
      this.frames.push(frame)
      for (const listener of this.#listeners) listener(frame)
      for (const waiter of this.#waiters) if (waiter.test(frame)) waiter.settle({ frame })
    })
    socket.on('error', () => {})
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() })
        for (const waiter of this.#waiters) waiter.settle({ error: new Error(`${waiter.describe()}; the socket closed (${code})`) })
      })
    })
  }

  /**
   * Opens a socket (no hello yet); it is cut off when the test ends. `localAddress`
   * (any 127.x.y.z: Linux routes all of 127.0.0.0/8 to lo) makes it another client address;
   * `headers` go on its upgrade request.
   */
  static async connect(wsUrl: string, { localAddress, headers = {} }: ClientAddress = {}): Promise<RawClient> {
    const socket = new WebSocket(wsUrl, { localAddress, headers })
    afterThisTest(() => socket.terminate())
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new RawClient(socket)
  }

  send(frame: ClientFrame): void {
    this.socket.send(encodeClientFrame(frame))
  }

  sendRaw(data: Uint8Array | string): void {
    this.socket.send(data)
  }

  hello(board: Pick<TestBoard, 'boardId' | 'accessToken'>, version = PROTOCOL_VERSION, knownSeq = 0): void {
    this.send({ tag: 'hello', version, boardId: board.boardId, accessToken: board.accessToken, knownSeq })
  }

  /** Calls `listener` with every frame as it arrives (a bench times them); returns the way to stop. */
  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The first frame received (so far or later) with this tag that matches. */
  waitFor<T extends ServerFrame['tag']>(
    tag: T,
    matches: (frame: FrameOf<T>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<FrameOf<T>> {
    const test = (f: ServerFrame): f is FrameOf<T> => f.tag === tag && matches(f as FrameOf<T>)
    const found = this.frames.find(test)
    if (found !== undefined) return Promise.resolve(found)
    return this.next(test, timeoutMs, () => `no ${tag} frame arrived`) as Promise<FrameOf<T>>
  }

  /** The next frame to arrive (not one already here) that passes `test`. */
  next(test: (frame: ServerFrame) => boolean, timeoutMs = 5000, describe = () => 'no such frame arrived'): Promise<ServerFrame> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.reject(new Error(`${describe()}; the socket closed`))
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        describe,
        settle: (outcome) => {
          clearTimeout(timer)
          this.#waiters.delete(waiter)
          if ('frame' in outcome) resolve(outcome.frame)
          else reject(outcome.error)
        },
      }
      const timer = setTimeout(() => waiter.settle({ error: new Error(`${describe()} within ${timeoutMs} ms`) }), timeoutMs)
      this.#waiters.add(waiter)
    })
  }

  /** Resolves once `check` holds over the frames received; re-checked on every frame. */
  async waitUntil(check: (frames: readonly ServerFrame[]) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (check(this.frames)) return
    await this.next(
      () => check(this.frames),
      timeoutMs,
      () => `never saw ${what}`,
    )
  }

  /** All frames with this tag received so far. */
  framesOf<T extends ServerFrame['tag']>(tag: T): FrameOf<T>[] {
    return this.frames.filter((f): f is FrameOf<T> => f.tag === tag)
  }

  waitForClose(timeoutMs = 5000): Promise<CloseInfo> {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the socket did not close')), timeoutMs)))
    return Promise.race([this.closed, timedOut]).finally(() => clearTimeout(timer))
  }

  /** Pushes one update and resolves with the seq of its ack; throws if rejected. */
  async pushUpdate(ref: number, sealed: Uint8Array): Promise<number> {
    const answer = await this.pushForAnswer(ref, sealed)
    if (answer.tag !== 'ack') throw new Error(`ref ${ref} was rejected (reason ${answer.reason})`)
    return answer.seq
  }

  /** Pushes one update and resolves with the server's answer to it, ack or reject. */
  pushForAnswer(ref: number, sealed: Uint8Array, timeoutMs = 5000): Promise<FrameOf<'ack'> | FrameOf<'reject'>> {
    const answered = this.waitForAnswer(ref, timeoutMs)
    this.send({ tag: 'pushUpdate', ref, sealed })
    return answered
  }

  /** The server's answer to `ref`, ack or reject. */
  waitForAnswer(ref: number, timeoutMs = 5000): Promise<FrameOf<'ack'> | FrameOf<'reject'>> {
    const isAnswer = (f: ServerFrame): f is FrameOf<'ack'> | FrameOf<'reject'> => (f.tag === 'ack' || f.tag === 'reject') && f.ref === ref
    const found = this.frames.find(isAnswer)
    if (found !== undefined) return Promise.resolve(found)
    return this.next(isAnswer, timeoutMs, () => `no ack for ref ${ref}`) as Promise<FrameOf<'ack'> | FrameOf<'reject'>>
  }

  close(): void {
    this.socket.close()
  }
}

export type ReplayedFrame = FrameOf<'entry'> | FrameOf<'snapshotPart'> | FrameOf<'snapshotStored'>

export type Joined = {
  client: RawClient
  welcome: FrameOf<'welcome'>
  /** The replayed entries, snapshot parts and snapshot notices, in the order they arrived. */
  replay: ReplayedFrame[]
  headSeq: number
}

/** Connects, says hello (holding everything up to `knownSeq`) and waits for the whole replay. */
export async function joinBoard(
  server: Pick<ServerAddress, 'wsUrl'>,
  board: Pick<TestBoard, 'boardId' | 'accessToken'>,
  knownSeq = 0,
  options: ClientAddress & { timeoutMs?: number } = {},
): Promise<Joined> {
  const client = await RawClient.connect(server.wsUrl, options)
  client.hello(board, PROTOCOL_VERSION, knownSeq)
  const done = await client.waitFor('replayDone', undefined, options.timeoutMs)
  const doneAt = client.frames.indexOf(done)
  // A replay sends its updates many to a frame; each is listed here as the entry it is.
  const replay = client.frames
    .slice(0, doneAt)
    .flatMap((f): ReplayedFrame[] => (f.tag === 'entries' ? f.entries.map((e) => ({ tag: 'entry', ...e })) : [f as ReplayedFrame]))
    .filter((f) => f.tag === 'entry' || f.tag === 'snapshotPart' || f.tag === 'snapshotStored')
  return { client, welcome: await client.waitFor('welcome'), replay, headSeq: done.headSeq }
}

/** A replay as short strings: `update 3`, `snapshot 5 covers 2 part 0/1`, `notice 5 covers 2`. */
export function describeReplay(replay: readonly ReplayedFrame[]): string[] {
  return replay.map((f) =>
    f.tag === 'entry'
      ? `update ${f.seq}`
      : f.tag === 'snapshotPart'
        ? `snapshot ${f.seq} covers ${f.coversSeq} part ${f.index}/${f.partCount}`
        : `notice ${f.seq} covers ${f.coversSeq}`,
  )
}

export type SnapshotOptions = { coversSeq: number; carriesChanges?: boolean; keepSeqs?: number[]; partBytes?: number; timeoutMs?: number }

/**
 * Posts a sealed snapshot in parts, as the browser does, and resolves with
 * the server's answer (ack or reject).
 */
export async function postSnapshot(
  client: RawClient,
  board: TestBoard,
  ref: number,
  text: string,
  { coversSeq, carriesChanges = false, keepSeqs = [], partBytes = SNAPSHOT_PART_BYTES, timeoutMs }: SnapshotOptions,
): Promise<FrameOf<'ack'> | FrameOf<'reject'>> {
  const sealed = await seal(board, text, 'snapshot')
  const parts: Uint8Array[] = []
  for (let offset = 0; offset < sealed.length; offset += partBytes) parts.push(sealed.subarray(offset, offset + partBytes))
  client.send({ tag: 'beginSnapshot', ref, coversSeq, partCount: parts.length, carriesChanges, keepSeqs })
  parts.forEach((bytes, index) => client.send({ tag: 'snapshotPart', ref, index, bytes }))
  return client.waitForAnswer(ref, timeoutMs)
}

/** Joins the snapshot parts of one seq and opens them. */
export async function unsealSnapshot(board: TestBoard, frames: readonly ServerFrame[], seq: number): Promise<string> {
  const parts = frames.filter((f): f is FrameOf<'snapshotPart'> => f.tag === 'snapshotPart' && f.seq === seq)
  return unseal(board, Buffer.concat(parts.map((p) => p.bytes)), 'snapshot')
}

/**
 * A bare test client over a real `ws` socket that speaks frames, not Yjs:
 * it sends exactly what a test says, including nonsense, and records every
 * decoded server frame. Payloads are really sealed (shared/crypto.ts), so
 * what the server stores is real ciphertext.
 */
import http from 'node:http'
import { onTestFinished } from 'vitest'
import WebSocket from 'ws'
import {
  deriveBoardKeys,
  generateBoardId,
  generateBoardSecret,
  hashAccessToken,
  openPayload,
  sealPayload,
  toBase64Url,
} from '../../shared/crypto.ts'
import { decodeServerFrame, encodeClientFrame, type ClientFrame, type ServerFrame } from '../../shared/frames.ts'
import { PROTOCOL_VERSION, SNAPSHOT_PART_BYTES, type SealedKind } from '../../shared/protocol.ts'

export type TestBoard = {
  boardId: string
  secret: Uint8Array
  encryptionKey: CryptoKey
  accessToken: Uint8Array
  tokenHash: string
}

type Address = { url: string; wsUrl: string }
/** The source address a test client binds to; the default route's otherwise (127.0.0.1 on loopback). */
/** Where a test client connects from: another loopback address, or headers a proxy would add. */
export type ClientAddress = { localAddress?: string; headers?: Record<string, string> }

/** A board's id, secret and derived keys, made as the browser makes them. Not yet on any server. */
export async function newBoardKeys(): Promise<TestBoard> {
  const boardId = generateBoardId()
  const secret = generateBoardSecret()
  const { encryptionKey, accessToken } = await deriveBoardKeys(boardId, secret)
  return { boardId, secret, encryptionKey, accessToken, tokenHash: await hashAccessToken(accessToken) }
}

/** Creates a board over HTTP, as the browser does. */
export async function createBoard(server: Address, headers: Record<string, string> = {}): Promise<TestBoard> {
  const board = await newBoardKeys()
  const response = await postBoard(server, { boardId: board.boardId, tokenHash: board.tokenHash }, headers)
  if (response.status !== 201) throw new Error(`creating a board answered ${response.status}: ${await response.text()}`)
  return board
}

/** POST /api/boards; `headers` add to the request's (a proxy's X-Forwarded-For, say). */
export function postBoard(server: Address, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export function deleteBoard(server: Address, boardId: string, accessToken: Uint8Array): Promise<Response> {
  return fetch(`${server.url}/api/boards/${boardId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${toBase64Url(accessToken)}` },
  })
}

export type Download = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** Downloads a stored version over HTTP from `localAddress` (fetch cannot choose its source address). */
export function downloadVersion(server: Address, board: TestBoard, seq: number, { localAddress }: ClientAddress = {}): Promise<Download> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${server.url}/api/boards/${board.boardId}/history/${seq}`,
      { localAddress, headers: { authorization: `Bearer ${toBase64Url(board.accessToken)}` } },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
        response.on('error', reject)
      },
    )
    request.on('error', reject)
  })
}

export function seal(board: TestBoard, text: string, kind: SealedKind = 'update'): Promise<Uint8Array> {
  return sealPayload(board.encryptionKey, board.boardId, kind, new TextEncoder().encode(text))
}

export async function unseal(board: TestBoard, sealed: Uint8Array, kind: SealedKind = 'update'): Promise<string> {
  return new TextDecoder().decode(await openPayload(board.encryptionKey, board.boardId, kind, sealed))
}

export type CloseInfo = { code: number; reason: string }
type FrameOf<T extends ServerFrame['tag']> = Extract<ServerFrame, { tag: T }>

export class RawClient {
  readonly frames: ServerFrame[] = []
  /** Resolves when the socket closes, by either side (1006 when cut off). */
  readonly closed: Promise<CloseInfo>
  #waiters = new Set<() => void>()

  private constructor(readonly socket: WebSocket) {
    socket.binaryType = 'nodebuffer'
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) throw new Error('the server sent a text frame')
      this.frames.push(decodeServerFrame(new Uint8Array(data)))
      for (const wake of this.#waiters) wake()
    })
    socket.on('error', () => {})
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() })
        for (const wake of this.#waiters) wake()
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
    onTestFinished(() => socket.terminate())
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

  /** The first frame received (so far or later) with this tag that matches. */
  waitFor<T extends ServerFrame['tag']>(
    tag: T,
    matches: (frame: FrameOf<T>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<FrameOf<T>> {
    const find = () => this.frames.find((f): f is FrameOf<T> => f.tag === tag && matches(f as FrameOf<T>))
    return this.#until(find, () => `no ${tag} frame arrived`, timeoutMs)
  }

  /** Resolves once `check` holds over the frames received; re-checked on every frame. */
  async waitUntil(check: (frames: readonly ServerFrame[]) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    await this.#until(() => (check(this.frames) ? true : undefined), () => `never saw ${what}`, timeoutMs)
  }

  /** All frames with this tag received so far. */
  framesOf<T extends ServerFrame['tag']>(tag: T): FrameOf<T>[] {
    return this.frames.filter((f): f is FrameOf<T> => f.tag === tag)
  }

  waitForClose(timeoutMs = 5000): Promise<CloseInfo> {
    return Promise.race([
      this.closed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the socket did not close')), timeoutMs)),
    ])
  }

  /** Pushes one update and resolves with the seq of its ack; throws if rejected. */
  async pushUpdate(ref: number, sealed: Uint8Array): Promise<number> {
    const answer = await this.pushForAnswer(ref, sealed)
    if (answer.tag !== 'ack') throw new Error(`ref ${ref} was rejected (reason ${answer.reason})`)
    return answer.seq
  }

  /** Pushes one update and resolves with the server's answer to it, ack or reject. */
  async pushForAnswer(ref: number, sealed: Uint8Array, timeoutMs = 5000): Promise<FrameOf<'ack'> | FrameOf<'reject'>> {
    this.send({ tag: 'pushUpdate', ref, sealed })
    return this.#until(
      () => this.frames.find((f): f is FrameOf<'ack'> | FrameOf<'reject'> => (f.tag === 'ack' || f.tag === 'reject') && f.ref === ref),
      () => `no ack for ref ${ref}`,
      timeoutMs,
    )
  }

  close(): void {
    this.socket.close()
  }

  #until<T>(find: () => T | undefined, describe: () => string, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find()
        if (found !== undefined) return done(() => resolve(found))
        if (this.socket.readyState === WebSocket.CLOSED) {
          return done(() => reject(new Error(`${describe()}; the socket closed`)))
        }
      }
      const timer = setTimeout(() => done(() => reject(new Error(`${describe()} within ${timeoutMs} ms`))), timeoutMs)
      const done = (settle: () => void) => {
        clearTimeout(timer)
        this.#waiters.delete(check)
        settle()
      }
      this.#waiters.add(check)
      check()
    })
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
export async function joinBoard(server: Address, board: TestBoard, knownSeq = 0, options: ClientAddress & { timeoutMs?: number } = {}): Promise<Joined> {
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
    f.tag === 'entry' ? `update ${f.seq}`
    : f.tag === 'snapshotPart' ? `snapshot ${f.seq} covers ${f.coversSeq} part ${f.index}/${f.partCount}`
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
  const isAnswer = (f: ServerFrame): f is FrameOf<'ack'> | FrameOf<'reject'> => (f.tag === 'ack' || f.tag === 'reject') && f.ref === ref
  await client.waitUntil((frames) => frames.some(isAnswer), `an answer to ref ${ref}`, timeoutMs)
  return client.frames.find(isAnswer)!
}

/** Joins the snapshot parts of one seq and opens them. */
export async function unsealSnapshot(board: TestBoard, frames: readonly ServerFrame[], seq: number): Promise<string> {
  const parts = frames.filter((f): f is FrameOf<'snapshotPart'> => f.tag === 'snapshotPart' && f.seq === seq)
  return unseal(board, Buffer.concat(parts.map((p) => p.bytes)), 'snapshot')
}

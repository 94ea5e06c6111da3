/**
 * The relay with in-memory sockets and an in-memory SQLite log whose answers
 * a test can hold back: the orderings an async store allows.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { deriveBoardKeys, generateBoardId, generateBoardSecret, hashAccessToken } from '../../../shared/crypto.ts'
import { CloseCode, PROTOCOL_VERSION } from '../../../shared/protocol.ts'
import { LocalFanout } from '../../../server/fanout/local.ts'
import type { Fanout } from '../../../server/fanout/types.ts'
import { SqliteBoardLog } from '../../../server/log/sqlite.ts'
import type { BoardLog } from '../../../server/log/types.ts'
import type { RelayLimits } from '../../../server/relay/limits.ts'
import { Relay } from '../../../server/relay/relay.ts'
import { gate, MemoryClient, until } from '../helpers/memorySocket.ts'

type Board = { boardId: string; accessToken: Uint8Array }

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** A log whose next readReplay or getBoard answer waits until the test opens its gate. */
class HeldLog {
  readonly inner = new SqliteBoardLog(':memory:')
  #replayHold: Promise<void> = Promise.resolve()
  #replayReadsFirst = true
  #boardHold: Promise<void> = Promise.resolve()
  #appendHold: Promise<void> = Promise.resolve()
  appendCalls = 0

  /** 'read-first': the replay is read now and answered later; 'wait-first': read only once opened. */
  holdNextReplay(order: 'read-first' | 'wait-first'): () => void {
    const { opened, open } = gate()
    this.#replayHold = opened
    this.#replayReadsFirst = order === 'read-first'
    return open
  }

  holdAppends(): () => void {
    const { opened, open } = gate()
    this.#appendHold = opened
    return open
  }

  holdNextBoardLookup(): () => void {
    const { opened, open } = gate()
    this.#boardHold = opened
    return open
  }

  readonly log: BoardLog = {
    createBoard: (id, hash) => this.inner.createBoard(id, hash),
    getBoard: async (id) => {
      const hold = this.#boardHold
      this.#boardHold = Promise.resolve()
      await hold
      return this.inner.getBoard(id)
    },
    deleteBoard: (id) => this.inner.deleteBoard(id),
    readReplay: async (id) => {
      const hold = this.#replayHold
      this.#replayHold = Promise.resolve()
      if (!this.#replayReadsFirst) await hold
      const replay = await this.inner.readReplay(id)
      await hold
      return replay
    },
    appendUpdates: async (items) => {
      this.appendCalls += 1
      await this.#appendHold
      return this.inner.appendUpdates(items)
    },
    storeSnapshot: (id, covers, sealed) => this.inner.storeSnapshot(id, covers, sealed),
    tailSize: (id) => this.inner.tailSize(id),
    usage: () => this.inner.usage(),
    close: () => this.inner.close(),
  }
}

async function setUp(options: { limits?: Partial<RelayLimits>; fanout?: Fanout } = {}) {
  const held = new HeldLog()
  const logLines: string[] = []
  const relay = new Relay({
    log: held.log,
    fanout: options.fanout ?? new LocalFanout(),
    limits: options.limits,
    logLine: (line) => void logLines.push(line),
  })
  cleanups.push(async () => {
    await relay.close()
    await held.inner.close()
  })
  const boardId = generateBoardId()
  const { accessToken } = await deriveBoardKeys(boardId, generateBoardSecret())
  await held.inner.createBoard(boardId, await hashAccessToken(accessToken))
  return { relay, held, logLines, board: { boardId, accessToken } as Board }
}

function hello(client: MemoryClient, board: Board): void {
  client.send({ tag: 'hello', version: PROTOCOL_VERSION, boardId: board.boardId, accessToken: board.accessToken })
}

async function join(relay: Relay, board: Board): Promise<MemoryClient> {
  const client = MemoryClient.connect(relay)
  hello(client, board)
  await until(() => client.framesOf('replayDone').length === 1, 'replayDone')
  return client
}

const sealed = (n: number) => new Uint8Array([n, n, n])

describe('joining while others write: nothing missed, nothing doubled', () => {
  it('an entry committed after the replay was read is held back and delivered once, after replayDone', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const openReplay = held.holdNextReplay('read-first')
    const bob = MemoryClient.connect(relay)
    hello(bob, board)
    await until(() => bob.framesOf('welcome').length === 1, 'bob in the room')

    alice.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(1) })
    await until(() => alice.framesOf('ack').length === 1, 'the ack')
    expect(bob.transcript()).toEqual(['welcome'])

    openReplay()
    await until(() => bob.framesOf('entry').length === 1, 'the held-back entry')
    expect(bob.transcript()).toEqual(['welcome', 'replayDone 0', 'entry update 1'])
  })

  it('an entry committed before the replay was read is in the replay, and its live copy is dropped', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const openReplay = held.holdNextReplay('wait-first')
    const bob = MemoryClient.connect(relay)
    hello(bob, board)
    await until(() => bob.framesOf('welcome').length === 1, 'bob in the room')

    alice.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(1) })
    await until(() => alice.framesOf('ack').length === 1, 'the ack')
    openReplay()
    await until(() => bob.framesOf('replayDone').length === 1, 'the replay')
    alice.send({ tag: 'pushUpdate', ref: 2, sealed: sealed(2) })
    await until(() => bob.framesOf('entry').length === 2, 'the next live entry')
    expect(bob.transcript()).toEqual(['welcome', 'entry update 1', 'replayDone 1', 'entry update 2'])
  })

  it('awareness and departures that happen during the replay arrive after it', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const carol = await join(relay, board)
    const openReplay = held.holdNextReplay('read-first')
    const bob = MemoryClient.connect(relay)
    hello(bob, board)
    await until(() => bob.framesOf('welcome').length === 1, 'bob in the room')
    alice.send({ tag: 'pushAwareness', sealed: sealed(9) })
    carol.disconnect()
    openReplay()
    await until(() => bob.framesOf('peerLeft').length === 1, 'the departure')
    expect(bob.transcript()).toEqual(['welcome', 'replayDone 0', 'awareness', 'peerLeft'])
  })
})

describe('before authentication', () => {
  it('at most 16 frames may wait behind a hello being checked; the 17th closes the socket with 4400', async () => {
    const { relay, held, board, logLines } = await setUp()
    const openLookup = held.holdNextBoardLookup()
    const patient = MemoryClient.connect(relay)
    hello(patient, board)
    for (let i = 1; i <= 16; i++) patient.send({ tag: 'ping', pingId: i })
    expect(patient.closedWith).toBeNull()
    openLookup()
    await until(() => patient.framesOf('pong').length === 16, 'the queued pings answered')
    expect(patient.transcript().slice(0, 2)).toEqual(['welcome', 'replayDone 0'])

    held.holdNextBoardLookup()
    const flooder = MemoryClient.connect(relay)
    hello(flooder, board)
    for (let i = 1; i <= 17; i++) flooder.send({ tag: 'ping', pingId: i })
    expect(flooder.closedWith).toEqual({ code: CloseCode.protocolError, reason: 'too many frames before authentication' })
    expect(flooder.frames).toEqual([])
    expect(logLines).toEqual([`relay: board=${board.boardId} peer=- closed 4400: too many frames before authentication`])
  })

  it('a ping before the hello is not answered: the first frame must be hello', async () => {
    const { relay } = await setUp()
    const client = MemoryClient.connect(relay)
    client.send({ tag: 'ping', pingId: 1 })
    await until(() => client.closedWith !== null, 'the close')
    expect(client.closedWith).toEqual({ code: CloseCode.protocolError, reason: 'expected hello' })
    expect(client.frames).toEqual([])
  })
})

describe('the one catch at the socket boundary', () => {
  it('an unexpected error in a handler closes only that socket with 1011 and logs one line', async () => {
    const local = new LocalFanout()
    const fanout: Fanout = {
      join: (id, m) => local.join(id, m),
      leave: (id, m) => local.leave(id, m),
      publish: (id, event, except) => {
        if (event.type === 'frame' && event.frame[0] === 21) throw new Error('awareness exploded')
        local.publish(id, event, except)
      },
    }
    const { relay, board, logLines } = await setUp({ fanout })
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    alice.send({ tag: 'pushAwareness', sealed: sealed(1) })
    await until(() => alice.closedWith !== null, 'the close')
    expect(alice.closedWith).toEqual({ code: 1011, reason: 'internal error' })
    expect(logLines).toEqual([expect.stringMatching(/^relay: board=\S+ peer=\d+ closed 1011: unexpected error: awareness exploded$/)])

    const carol = await join(relay, board)
    bob.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(2) })
    await until(() => carol.framesOf('entry').length === 1, 'the entry')
  })

  it('a socket that closes while its append commits is not acked, but the others still get the entry', async () => {
    const { relay, held, board } = await setUp()
    const alice = await join(relay, board)
    const bob = await join(relay, board)
    const commit = held.holdAppends()
    alice.send({ tag: 'pushUpdate', ref: 1, sealed: sealed(1) })
    await until(() => held.appendCalls === 1, 'the commit to start')
    alice.disconnect()
    commit()
    await until(() => bob.framesOf('entry').length === 1, 'the entry')
    expect(alice.framesOf('ack')).toEqual([])
  })

  it('closing the relay closes every socket with 1012', async () => {
    const { relay, board } = await setUp()
    const alice = await join(relay, board)
    const waiting = MemoryClient.connect(relay)
    await relay.close()
    expect(alice.closedWith).toEqual({ code: 1012, reason: 'server restarting' })
    expect(waiting.closedWith).toEqual({ code: 1012, reason: 'server restarting' })
    expect(relay.connectionCount).toBe(0)
  })
})

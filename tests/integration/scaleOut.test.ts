/**
 * Two servers on one PostgreSQL and one Redis, with real sockets: boards
 * shared across processes behave as on one, and each trap of sharing them
 * (peer ids, the log-full limit, seats, deletion, lost messages) is shown.
 */
import { describe, expect, it } from 'vitest'
import { CloseCode, RejectReason } from '../../shared/protocol.ts'
import { openPostgresBoardLog } from '../../server/log/postgres.ts'
import { startCluster } from '../kit/services/cluster.ts'
import { servicesForThisFile } from '../kit/services/servicesForThisFile.ts'
import { createBoard, deleteBoard, seal, unseal } from '../kit/boards.ts'
import { describeReplay, joinBoard, postSnapshot, RawClient } from '../kit/rawClient.ts'

const services = servicesForThisFile()

const entrySeqs = (client: RawClient) =>
  client.frames.flatMap((f) => (f.tag === 'entry' ? [f.seq] : f.tag === 'entries' ? f.entries.map((e) => e.seq) : []))

describe('one board, two processes', () => {
  it('an update pushed through one process reaches a socket on the other, under its seq, readable', async () => {
    const { servers } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const { client: alice } = await joinBoard(servers[0]!, board)
    const { client: bob } = await joinBoard(servers[1]!, board)

    expect(await alice.pushUpdate(1, await seal(board, 'from alice'))).toBe(1)
    const entry = await bob.waitFor('entry', (f) => f.seq === 1)
    expect(await unseal(board, entry.sealed)).toBe('from alice')
    expect(await bob.pushUpdate(1, await seal(board, 'from bob'))).toBe(2)
    expect(await unseal(board, (await alice.waitFor('entry', (f) => f.seq === 2)).sealed)).toBe('from bob')
  })

  it('peer ids never collide across processes, and presence crosses them under the right id', async () => {
    const { servers } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const alice = await joinBoard(servers[0]!, board)
    const bob = await joinBoard(servers[1]!, board)
    expect(alice.welcome.peerId).not.toBe(bob.welcome.peerId)

    bob.client.send({ tag: 'pushAwareness', sealed: await seal(board, 'bob is here', 'awareness') })
    const presence = await alice.client.waitFor('awareness')
    expect(presence.peerId).toBe(bob.welcome.peerId)
    bob.client.close()
    expect((await alice.client.waitFor('peerLeft')).peerId).toBe(bob.welcome.peerId)
  })

  it('writers on both processes at once: every socket gets every seq exactly once, in order', async () => {
    const { servers } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const writers = [(await joinBoard(servers[0]!, board)).client, (await joinBoard(servers[1]!, board)).client]
    const readers = [(await joinBoard(servers[0]!, board)).client, (await joinBoard(servers[1]!, board)).client]
    const perWriter = 40
    const sealedUpdate = await seal(board, 'x')
    for (let ref = 1; ref <= perWriter; ref++) for (const writer of writers) writer.send({ tag: 'pushUpdate', ref, sealed: sealedUpdate })
    const total = perWriter * writers.length
    for (const reader of readers) await reader.waitUntil(() => entrySeqs(reader).length >= total, `${total} entries`, 15_000)
    const expected = Array.from({ length: total }, (_, i) => i + 1)
    for (const reader of readers) expect(entrySeqs(reader)).toEqual(expected)
  })

  it('a snapshot posted through one process compacts the log for both', async () => {
    const { servers } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const { client: alice } = await joinBoard(servers[0]!, board)
    const { client: bob } = await joinBoard(servers[1]!, board)
    for (let ref = 1; ref <= 3; ref++) await alice.pushUpdate(ref, await seal(board, `card ${ref}`))

    const answer = await postSnapshot(alice, board, 10, 'the whole board', { coversSeq: 3 })
    expect(answer).toMatchObject({ tag: 'ack', seq: 4 })
    expect(await bob.waitFor('snapshotStored')).toMatchObject({ seq: 4, coversSeq: 3 })
    const newcomer = await joinBoard(servers[1]!, board)
    expect(describeReplay(newcomer.replay)).toEqual(['snapshot 4 covers 3 part 0/1'])
  })

  it('deleting the board through one process closes its sockets on the other with 4410', async () => {
    const { servers } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const { client: bob } = await joinBoard(servers[1]!, board)
    expect((await deleteBoard(servers[0]!, board.boardId, board.accessToken)).status).toBe(204)
    expect((await bob.waitForClose()).code).toBe(CloseCode.boardGone)
  })
})

describe('limits that are per board hold across processes', () => {
  it('the log-full limit counts what the other process appended (it comes from the database)', async () => {
    const { servers } = await startCluster(services, 2, { limits: { maxTailUpdates: 3 } })
    const board = await createBoard(servers[0]!)
    const { client: alice } = await joinBoard(servers[0]!, board)
    const { client: bob } = await joinBoard(servers[1]!, board)
    for (let ref = 1; ref <= 3; ref++) await alice.pushUpdate(ref, await seal(board, 'x'))
    bob.send({ tag: 'pushUpdate', ref: 1, sealed: await seal(board, 'one too many') })
    expect(await bob.waitFor('reject')).toMatchObject({ ref: 1, reason: RejectReason.logFull })
  })

  it('sockets per board are counted across processes', async () => {
    const { servers } = await startCluster(services, 2, { limits: { maxSocketsPerBoard: 2 } })
    const board = await createBoard(servers[0]!)
    await joinBoard(servers[0]!, board)
    await joinBoard(servers[1]!, board)
    const third = await RawClient.connect(servers[0]!.wsUrl)
    third.hello(board)
    expect((await third.waitForClose()).code).toBe(CloseCode.tooManyConnections)
  })
})

describe('Redis is a hint; the log is the truth', () => {
  it('an entry whose message never arrived is fetched from the log within seconds', async () => {
    const { servers, databaseUrl } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const { client: alice } = await joinBoard(servers[0]!, board)
    // A third writer commits without publishing anything: as if Redis had dropped its message.
    const silentWriter = await openPostgresBoardLog(databaseUrl)
    try {
      await silentWriter.append([{ kind: 'update', boardId: board.boardId, sealed: await seal(board, 'lost message') }])
    } finally {
      await silentWriter.close()
    }
    await alice.waitUntil(() => entrySeqs(alice).includes(1), 'the entry fetched from the log', 5000)
    expect(entrySeqs(alice)).toEqual([1])
  })

  it('a socket joins only once the subscription is confirmed: an entry committed elsewhere right after the join is never missed', async () => {
    const { servers } = await startCluster(services)
    const board = await createBoard(servers[0]!)
    const { client: writer } = await joinBoard(servers[1]!, board)
    const sealedUpdate = await seal(board, 'x')
    // Each round: a newcomer on process 0 (the board's first socket there, so a new subscription) while process 1 commits.
    for (let round = 1; round <= 10; round++) {
      const newcomer = await RawClient.connect(servers[0]!.wsUrl)
      newcomer.hello(board)
      writer.send({ tag: 'pushUpdate', ref: round, sealed: sealedUpdate })
      await newcomer.waitUntil(() => entrySeqs(newcomer).includes(round), `seq ${round}`, 900)
      newcomer.close()
      await newcomer.closed
    }
  })
})

/**
 * The wire, as docs/design.md describes it ("The wire, in words"), against the
 * real server on port 0 with real sockets and a real SQLite file.
 */
import { describe, expect, it } from 'vitest'
import type { ServerFrame } from '../../shared/frames.ts'
import { newServer } from '../kit/newServer.ts'
import { createBoard, seal, unseal } from '../kit/boards.ts'
import { describeReplay, joinBoard, postSnapshot, unsealSnapshot } from '../kit/rawClient.ts'

describe('the wire', () => {
  it('an update is acknowledged with a seq once durable and fanned out to the other sockets of its board only', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const otherBoard = await createBoard(server)
    const alice = await joinBoard(server, board)
    const bob = await joinBoard(server, board)
    const stranger = await joinBoard(server, otherBoard)

    const sealed = await seal(board, 'I felt alone last week')
    const seq = await alice.client.pushUpdate(1, sealed)
    expect(seq).toBe(1)

    const entry = await bob.client.waitFor('entry', (e) => e.seq === seq)
    expect(await unseal(board, entry.sealed)).toBe('I felt alone last week')
    // The sender learns its seq from the ack, not from an echo.
    expect(alice.client.framesOf('entry')).toHaveLength(0)

    expect(await stranger.client.pushUpdate(1, await seal(otherBoard, 'elsewhere'))).toBe(1)
    await bob.client.pushUpdate(2, await seal(board, 'second'))
    await alice.client.waitFor('entry', (e) => e.seq === 2)
    expect(stranger.client.framesOf('entry')).toHaveLength(0)
  })

  it('on connect the server sends its clock, then the latest snapshot and the later updates, then replayDone with the head seq', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    expect(writer.welcome.peerId).toBeGreaterThan(0)
    expect(Math.abs(writer.welcome.serverTime - Date.now())).toBeLessThan(5000)
    expect(writer.replay).toEqual([])
    expect(writer.headSeq).toBe(0)

    for (let ref = 1; ref <= 3; ref++) await writer.client.pushUpdate(ref, await seal(board, `update ${ref}`))
    expect(await postSnapshot(writer.client, board, 4, 'state at 2', { coversSeq: 2 })).toMatchObject({ tag: 'ack', seq: 4 })
    await writer.client.pushUpdate(5, await seal(board, 'update 5'))

    const reader = await joinBoard(server, board)
    expect(reader.client.frames[0]!.tag).toBe('welcome')
    expect(reader.welcome.replayFrom).toBe(0)
    expect(describeReplay(reader.replay)).toEqual(['snapshot 4 covers 2 part 0/1', 'update 3', 'update 5'])
    expect(await unsealSnapshot(board, reader.replay, 4)).toBe('state at 2')
    expect(await unseal(board, (reader.replay[2] as { sealed: Uint8Array }).sealed)).toBe('update 5')
    expect(reader.headSeq).toBe(5)
  })

  it('awareness is fanned out with the sender peer id and never stored; peers learn when a socket leaves', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const alice = await joinBoard(server, board)
    const bob = await joinBoard(server, board)

    alice.client.send({ tag: 'pushAwareness', sealed: await seal(board, 'alice is typing', 'awareness') })
    const awareness = await bob.client.waitFor('awareness')
    expect(awareness.peerId).toBe(alice.welcome.peerId)
    expect(await unseal(board, awareness.sealed, 'awareness')).toBe('alice is typing')

    const late = await joinBoard(server, board)
    expect(late.replay).toEqual([])
    expect(late.headSeq).toBe(0)

    alice.client.close()
    expect((await bob.client.waitFor('peerLeft')).peerId).toBe(alice.welcome.peerId)
    expect((await late.client.waitFor('peerLeft')).peerId).toBe(alice.welcome.peerId)
  })

  it('the server answers pings at once and sends its clock unasked to keep quiet boards connected', async () => {
    const { server } = await newServer({ limits: { clockIntervalMs: 100 } })
    const board = await createBoard(server)
    const { client } = await joinBoard(server, board)
    client.send({ tag: 'ping', pingId: 7 })
    const pong = await client.waitFor('pong', (p) => p.pingId === 7)
    expect(Math.abs(pong.serverTime - Date.now())).toBeLessThan(1000)
    await client.waitFor('clock')
  })

  it('every socket sees the seqs of its board in order, whether by entry or by its own ack', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const clients = await Promise.all([1, 2, 3].map(() => joinBoard(server, board)))
    const perClient = 40
    await Promise.all(
      clients.map(async ({ client }, c) => {
        const sealed = await Promise.all(Array.from({ length: perClient }, (_, i) => seal(board, `c${c} u${i}`)))
        sealed.forEach((s, i) => client.send({ tag: 'pushUpdate', ref: i + 1, sealed: s }))
        await client.waitFor('ack', (a) => a.ref === perClient)
      }),
    )
    const total = clients.length * perClient
    const seqsSeen = (frames: readonly ServerFrame[]) => frames.flatMap((f) => (f.tag === 'entry' || f.tag === 'ack' ? [f.seq] : []))
    for (const { client } of clients) {
      await client.waitUntil((frames) => seqsSeen(frames).length >= total, `${total} seqs`)
      expect(seqsSeen(client.frames)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    }
  })

  it('a reconnecting client that says which seq it holds is sent only what came after it, or the newer snapshot', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const writer = await joinBoard(server, board)
    for (let ref = 1; ref <= 3; ref++) await writer.client.pushUpdate(ref, await seal(board, `update ${ref}`))

    const upToDate = await joinBoard(server, board, 3)
    expect(upToDate.welcome.replayFrom).toBe(3)
    expect(upToDate.replay).toEqual([])
    expect(upToDate.headSeq).toBe(3)

    for (let ref = 4; ref <= 5; ref++) await writer.client.pushUpdate(ref, await seal(board, `update ${ref}`))
    expect(describeReplay((await joinBoard(server, board, 3)).replay)).toEqual(['update 4', 'update 5'])

    expect(await postSnapshot(writer.client, board, 6, 'state at 5', { coversSeq: 5 })).toMatchObject({ seq: 6 })
    // Holding everything the snapshot covers, a client only learns that it exists.
    expect(describeReplay((await joinBoard(server, board, 5)).replay)).toEqual(['notice 6 covers 5'])
    // Missing a covered entry, it needs the snapshot itself.
    expect(describeReplay((await joinBoard(server, board, 4)).replay)).toEqual(['snapshot 6 covers 5 part 0/1'])

    // A seq past the head means another log than the client knew: everything is replayed.
    const stranger = await joinBoard(server, board, 99)
    expect(stranger.welcome.replayFrom).toBe(0)
    expect(describeReplay(stranger.replay)).toEqual(['snapshot 6 covers 5 part 0/1'])
  })

  it('presence addressed to one peer reaches that peer only', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const [alice, bob, carol] = [await joinBoard(server, board), await joinBoard(server, board), await joinBoard(server, board)]
    alice.client.send({
      tag: 'pushAwarenessTo',
      peerId: carol.welcome.peerId,
      sealed: await seal(board, 'alice, for the newcomer', 'awareness'),
    })
    const awareness = await carol.client.waitFor('awareness')
    expect(awareness.peerId).toBe(alice.welcome.peerId)
    // Something sent to everyone afterwards arrives at Bob too; the addressed one never did.
    alice.client.send({ tag: 'pushAwareness', sealed: await seal(board, 'alice, for all', 'awareness') })
    await bob.client.waitFor('awareness')
    expect(bob.client.framesOf('awareness')).toHaveLength(1)
    expect(await unseal(board, bob.client.framesOf('awareness')[0]!.sealed, 'awareness')).toBe('alice, for all')
  })
})

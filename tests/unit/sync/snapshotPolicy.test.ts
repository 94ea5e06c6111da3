import { describe, expect, it } from 'vitest'
import { RejectReason } from '../../../shared/protocol.ts'
import { ClientLimits } from '../../../client/sync/clientLimits.ts'
import { until } from '../../kit/waits.ts'
import { connectedClient, noteUpdate, openedSnapshot, type TestClient } from '../../kit/scriptedServer.ts'

/**
 * The byte threshold keeps these tests quick: three bulky entries pass it
 * (but not the 1.5× fallback), four pass the fallback.
 */
const BULK = 100_000
const bulk = (label: string) => noteUpdate(`${label}:${'x'.repeat(BULK)}`)

async function othersWrite(client: TestClient, fromSeq: number, count: number): Promise<void> {
  for (let seq = fromSeq; seq < fromSeq + count; seq++) client.socket.serverSays(await client.entry(seq, bulk(`other ${seq}`)))
  await until(() => client.mirror.knownSeq === fromSeq + count - 1, `entries up to ${fromSeq + count - 1}`)
}

/** This device's own change, pushed and acked at `seq`. */
async function ownChangeAcked(client: TestClient, text: string, seq: number): Promise<void> {
  const before = client.socket.sentOf('pushUpdate').length
  client.doc.getArray('notes').push([text])
  const pushes = await client.sentFrames('pushUpdate', before + 1)
  client.socket.serverSays({ tag: 'ack', ref: pushes[before]!.ref, seq })
  await until(() => client.mirror.knownSeq === seq, `the ack of seq ${seq}`)
}

describe('when a device posts a snapshot', () => {
  it('posts when its own acked change takes the tail past the threshold', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    await othersWrite(client, 1, 2)
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toEqual([])

    await ownChangeAcked(client, `mine:${'y'.repeat(80_000)}`, 3)
    const [begin] = await client.sentFrames('beginSnapshot')
    expect(begin).toMatchObject({ coversSeq: 3, carriesChanges: false, keepSeqs: [] })
    const stored = await openedSnapshot(client, await client.sentFrames('snapshotPart', begin!.partCount))
    expect(stored.getArray('notes').length).toBe(3)

    client.socket.serverSays({ tag: 'ack', ref: begin!.ref, seq: 4 })
    await until(() => client.mirror.snapshotSeq === 4, 'the snapshot ack')
    expect(client.mirror.tail).toEqual({ updates: 0, bytes: 0 })
  })

  it('posts when its own change is the one that takes the tail past the update-count threshold', async () => {
    const client = await connectedClient()
    const others = []
    for (let seq = 1; seq < ClientLimits.snapshotAfterUpdates; seq++) others.push(await client.entry(seq, noteUpdate(`n${seq}`)))
    await client.replay(others, ClientLimits.snapshotAfterUpdates - 1)
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toEqual([])
    await ownChangeAcked(client, 'the thousandth', ClientLimits.snapshotAfterUpdates)
    const [begin] = await client.sentFrames('beginSnapshot')
    expect(begin!.coversSeq).toBe(ClientLimits.snapshotAfterUpdates)
  })

  it('does not post when others took the tail past the threshold, even after its own later change, until 1.5× the threshold', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    await othersWrite(client, 1, 3)
    expect(client.mirror.tail.bytes).toBeGreaterThan(ClientLimits.snapshotAfterBytes)
    await ownChangeAcked(client, 'a small change after the crossing', 4)
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toEqual([])

    await othersWrite(client, 5, 1)
    expect(client.mirror.tail.bytes).toBeGreaterThan(ClientLimits.snapshotAfterBytes * 1.5)
    const [begin] = await client.sentFrames('beginSnapshot')
    expect(begin!.coversSeq).toBe(5)
  })

  it('starts counting afresh when the server says a snapshot was stored', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    await othersWrite(client, 1, 3)
    client.socket.serverSays({ tag: 'snapshotStored', seq: 4, coversSeq: 3 })
    await until(() => client.mirror.snapshotSeq === 4, 'the notice')
    expect(client.mirror.tail).toEqual({ updates: 0, bytes: 0 })
    await othersWrite(client, 5, 2)
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toEqual([])
  })

  it('makes no new attempt after a refused snapshot until the log moves past what it covered', async () => {
    const client = await connectedClient()
    await client.replay([], 0)
    await othersWrite(client, 1, 2)
    await ownChangeAcked(client, `mine:${'y'.repeat(80_000)}`, 3)
    const [begin] = await client.sentFrames('beginSnapshot')
    await client.sentFrames('snapshotPart', begin!.partCount)
    client.socket.serverSays({ tag: 'reject', ref: begin!.ref, reason: RejectReason.snapshotOutOfRange })

    // A change refused by a full log wants a snapshot at once; the log has not moved, so it waits.
    client.doc.getArray('notes').push(['waiting'])
    const [, push] = await client.sentFrames('pushUpdate', 2)
    client.socket.serverSays({ tag: 'reject', ref: push!.ref, reason: RejectReason.logFull })
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toHaveLength(1)

    client.socket.serverSays(await client.entry(4, noteUpdate('the log moves')))
    const [, retry] = await client.sentFrames('beginSnapshot', 2)
    expect(retry).toMatchObject({ coversSeq: 4, carriesChanges: true })
  })

  it('posts a snapshot due after the replay once caught up, covering all of it', async () => {
    const client = await connectedClient()
    const frames = []
    for (let seq = 1; seq <= 4; seq++) frames.push(await client.entry(seq, bulk(`old ${seq}`)))
    for (let seq = 5; seq <= 40; seq++) frames.push(await client.entry(seq, noteUpdate(`small ${seq}`)))
    await client.replay(frames, 40)
    const [begin] = await client.sentFrames('beginSnapshot')
    expect(begin!.coversSeq).toBe(40)
    await client.sentFrames('snapshotPart', begin!.partCount)
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toHaveLength(1)
  })

  it('posts no snapshot after one it could not read', async () => {
    const client = await connectedClient()
    const unreadable = await client.seal('update', bulk('sealed as the wrong kind'))
    await client.replay(
      [await client.entry(1, noteUpdate('one')), { tag: 'snapshotPart', seq: 2, coversSeq: 1, index: 0, partCount: 1, bytes: unreadable }],
      2,
    )
    expect(client.tracker.unreadable).toBe(1)
    expect(client.mirror.canSnapshot).toBe(false)

    await othersWrite(client, 3, 2)
    await ownChangeAcked(client, `mine:${'y'.repeat(80_000)}`, 5)
    await othersWrite(client, 6, 2)
    expect(client.mirror.tail.bytes).toBeGreaterThan(ClientLimits.snapshotAfterBytes * 1.5)
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toEqual([])
    expect(client.socket.closedWith).toBeNull()
  })
})

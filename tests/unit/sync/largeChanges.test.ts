import { describe, expect, it } from 'vitest'
import { randomBytes, toBase64Url } from '../../../shared/crypto.ts'
import { Limits, MAX_UPDATE_PLAINTEXT_BYTES, RejectReason } from '../../../shared/protocol.ts'
import { until } from '../../kit/waits.ts'
import { connectedClient, noteUpdate, openedSnapshot } from '../../kit/scriptedServer.ts'

/** Random text, so the change really is this large. (getRandomValues gives at most 64 KiB a call.) */
function bigText(length: number): string {
  let text = ''
  while (text.length < length) text += toBase64Url(randomBytes(48_000))
  return text.slice(0, length)
}

describe('changes too large for one frame, or refused by a full log', () => {
  it('sends a change larger than one frame as a snapshot in parts, none over the frame limit, and says Saved at its ack', async () => {
    const client = await connectedClient()
    await client.replay([await client.entry(1, noteUpdate('from the log'))], 1)
    const big = bigText(MAX_UPDATE_PLAINTEXT_BYTES + 200_000)
    client.doc.getText('essay').insert(0, big)

    const [begin] = await client.sentFrames('beginSnapshot')
    const parts = await client.sentFrames('snapshotPart', begin!.partCount)
    expect(begin).toMatchObject({ coversSeq: 1, carriesChanges: true, keepSeqs: [] })
    expect(begin!.partCount).toBeGreaterThan(1)
    expect(parts).toHaveLength(begin!.partCount)
    expect(parts.map((part) => [part.ref, part.index])).toEqual(parts.map((_, index) => [begin!.ref, index]))
    expect(client.socket.sentOf('pushUpdate')).toEqual([])
    expect(Math.max(...client.socket.sentSizes)).toBeLessThanOrEqual(Limits.maxFrameBytes)

    const stored = await openedSnapshot(client, parts)
    expect(stored.getText('essay').toString()).toBe(big)
    expect(stored.getArray('notes').toArray()).toEqual(['from the log'])

    expect(client.tracker.state).toBe('saving')
    await client.outboxDrained()
    expect(client.tracker.state).toBe('saving')
    client.socket.serverSays({ tag: 'ack', ref: begin!.ref, seq: 2 })
    await until(() => client.tracker.state === 'saved', 'Saved')
    // Acked, the change is in the log's picture: it is not pushed again.
    expect(client.mirror.doc.getText('essay').length).toBe(big.length)
  })

  it('when the log is full, the refused change travels in the next snapshot', async () => {
    const client = await connectedClient()
    await client.replay([await client.entry(1, noteUpdate('from the log'))], 1)
    client.doc.getArray('notes').push(['refused at first'])
    const [push] = await client.sentFrames('pushUpdate')
    client.socket.serverSays({ tag: 'reject', ref: push!.ref, reason: RejectReason.logFull })

    const [begin] = await client.sentFrames('beginSnapshot')
    const parts = await client.sentFrames('snapshotPart', begin!.partCount)
    expect(begin).toMatchObject({ coversSeq: 1, carriesChanges: true, partCount: 1 })
    const stored = await openedSnapshot(client, parts)
    expect(stored.getArray('notes').toArray().sort()).toEqual(['from the log', 'refused at first'])
    expect(client.tracker.state).toBe('saving')

    client.socket.serverSays({ tag: 'ack', ref: begin!.ref, seq: 2 })
    await until(() => client.tracker.state === 'saved', 'Saved')
    expect(client.socket.sentOf('pushUpdate')).toHaveLength(1)
  })

  it('when its snapshot is refused, sends the carried changes again as updates, and posts no snapshot until the log moves', async () => {
    const client = await connectedClient()
    await client.replay([await client.entry(1, noteUpdate('from the log'))], 1)
    client.doc.getArray('notes').push(['carried'])
    const [push] = await client.sentFrames('pushUpdate')
    client.socket.serverSays({ tag: 'reject', ref: push!.ref, reason: RejectReason.logFull })
    const [begin] = await client.sentFrames('beginSnapshot')
    await client.sentFrames('snapshotPart', begin!.partCount)

    client.socket.serverSays({ tag: 'reject', ref: begin!.ref, reason: RejectReason.snapshotOutOfRange })
    const [, again] = await client.sentFrames('pushUpdate', 2)
    expect((await client.open('update', again!.sealed)).byteLength).toBeGreaterThan(0)
    expect(client.tracker.state).toBe('saving')

    // Refused again by the full log: the log has not moved, so no new snapshot yet.
    client.socket.serverSays({ tag: 'reject', ref: again!.ref, reason: RejectReason.logFull })
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toHaveLength(1)
    expect(client.tracker.state).toBe('saving')

    client.socket.serverSays(await client.entry(2, noteUpdate('another device')))
    const [, retry] = await client.sentFrames('beginSnapshot', 2)
    expect(retry).toMatchObject({ coversSeq: 2, carriesChanges: true })
    client.socket.serverSays({ tag: 'ack', ref: retry!.ref, seq: 3 })
    await until(() => client.tracker.state === 'saved', 'Saved')
  })

  it('tries again once another device’s snapshot moves the log past the refused one', async () => {
    const client = await connectedClient()
    await client.replay([await client.entry(1, noteUpdate('from the log'))], 1)
    client.doc.getText('essay').insert(0, bigText(MAX_UPDATE_PLAINTEXT_BYTES + 1000))
    const [begin] = await client.sentFrames('beginSnapshot')
    await client.sentFrames('snapshotPart', begin!.partCount)
    client.socket.serverSays({ tag: 'reject', ref: begin!.ref, reason: RejectReason.snapshotOutOfRange })
    await client.outboxDrained()
    expect(client.socket.sentOf('beginSnapshot')).toHaveLength(1)

    // The notice of the snapshot that won; it covers what this device holds.
    client.socket.serverSays({ tag: 'snapshotStored', seq: 2, coversSeq: 1 })
    const [, retry] = await client.sentFrames('beginSnapshot', 2)
    expect(retry).toMatchObject({ coversSeq: 2, carriesChanges: true })
  })
})

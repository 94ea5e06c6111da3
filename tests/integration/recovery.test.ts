/**
 * Nothing a healthy client can recover from stops it for good (docs/design.md
 * "Configuration, limits and bad input", "The wire"): real sync clients —
 * the y-websocket provider over the encrypting transport — against the real
 * server: a phone that froze right after connecting, a day of offline work
 * larger than a frame, an entry nobody can read, a reconnect that resumes,
 * and five devices sharing one snapshot per threshold.
 */
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { deriveBoardKeys, sealPayload } from '../../shared/crypto.ts'
import { Limits } from '../../shared/protocol.ts'
import { ClientLimits } from '../../client/sync/clientLimits.ts'
import { PINGS_IN_FIRST_BURST } from '../../client/sync/clockPinger.ts'
import { addCard } from '../../client/cards/cards.ts'
import { cardsMap } from '../../client/core/cardView.ts'
import { newServer } from '../kit/newServer.ts'
import { joinBoard } from '../kit/rawClient.ts'
import { storedUpdateSeqs } from '../kit/storedLog.ts'
import { syncClient, waitForState, type SyncClient } from '../kit/syncClient.ts'
import { WireTap, type TappedConnection } from '../kit/wireTap.ts'
import { createBoard, seal } from '../kit/boards.ts'
import { until } from '../kit/waits.ts'

const noteOf = (i: number, length = 40) => `note ${i} `.padEnd(length, '.')

/** Adds cards of `length` characters in batches of 50, each batch one transaction. */
function writeCards(doc: Y.Doc, count: number, length: number, authorId = 'writer'): void {
  for (let first = 0; first < count; first += 50) {
    doc.transact(() => {
      for (let i = first; i < Math.min(count, first + 50); i++) {
        addCard(doc, { lane: 'feelings', text: noteOf(i, length), authorId, createdAt: i, talkId: 't1' })
      }
    })
  }
}

describe('recovery', () => {
  it('a socket that says nothing is closed with a 45xx code, and the client reconnects by itself and syncs', async () => {
    const { server } = await newServer({ limits: { helloTimeoutMs: 300 } })
    const board = await createBoard(server)
    const frozen = new WireTap({ swallowFirstHello: true })
    const client = syncClient(server, board, new Y.Doc(), frozen.WebSocketImpl)
    client.notes.push(['written while frozen'])
    await waitForState(client, 'saved', 10_000)
    expect(frozen.connections.length).toBeGreaterThanOrEqual(2)
    expect(client.tracker.phase).toBe('online')

    const reader = syncClient(server, board)
    await until(() => expect(reader.notes.toArray()).toEqual(['written while frozen']))
  })

  it('a day of offline work larger than a frame reaches the partner as a snapshot in parts; no frame is over the limit and the writer shows Saved', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const partner = syncClient(server, board)
    const offlineDoc = new Y.Doc()
    // 800 cards of 2,000 characters: about 1.6 MB, written before the device reaches the server.
    writeCards(offlineDoc, 800, 2000)
    expect(Y.encodeStateAsUpdate(offlineDoc).byteLength).toBeGreaterThan(1.5e6)
    const tap = new WireTap()
    const writer = syncClient(server, board, offlineDoc, tap.WebSocketImpl)
    await waitForState(writer, 'saved', 20_000)
    await until(() => expect(cardsMap(partner.doc).size).toBe(800), { timeoutMs: 20_000 })

    const sent = tap.connections.flatMap((c) => c.sent)
    const snapshots = sent.filter((f) => f.tag === 'beginSnapshot')
    expect(snapshots).toEqual([expect.objectContaining({ carriesChanges: true })])
    expect(snapshots[0]!.partCount).toBeGreaterThanOrEqual(2)
    expect(Math.max(...tap.connections.map((c) => c.largestSentFrame))).toBeLessThanOrEqual(Limits.maxFrameBytes)
    expect(partner.tracker.phase).toBe('online')

    // A fresh device gets the whole board from the stored snapshot.
    const fresh = syncClient(server, board)
    await until(() => expect(cardsMap(fresh.doc).size).toBe(800), { timeoutMs: 20_000 })
  })

  it('an entry that decrypts but does not apply, and one that fails authentication, are skipped: every client stays connected and converges on everything else', async () => {
    const { server, dataDir } = await newServer()
    const board = await createBoard(server)
    const early = syncClient(server, board)
    await waitForState(early, 'saved')
    early.notes.push(['before'])
    await waitForState(early, 'saved')

    // A client holding the link, buggy or hostile, pushes garbage sealed with the right key, then with a wrong one.
    const { client: hostile } = await joinBoard(server, board)
    const garbage = crypto.getRandomValues(new Uint8Array(200))
    await hostile.pushUpdate(1, await seal(board, garbage))
    const strangerKey = (await deriveBoardKeys(board.boardId, crypto.getRandomValues(new Uint8Array(32)))).encryptionKey
    await hostile.pushUpdate(2, await sealPayload(strangerKey, board.boardId, 'update', garbage))

    early.notes.push(['after'])
    const late = syncClient(server, board)
    for (const client of [early, late]) {
      await until(() => expect(client.notes.toArray()).toEqual(['before', 'after']))
      await until(() => expect(client.tracker.unreadable).toBe(2))
      expect(client.tracker.phase).toBe('online')
    }
    await waitForState(early, 'saved')

    // A snapshot over them (a large change forces one) keeps the two entries it could not read.
    early.doc.transact(() => early.notes.push(['x'.repeat(Limits.maxFrameBytes)]))
    await waitForState(early, 'saved', 15_000)
    expect(storedUpdateSeqs(dataDir, board.boardId)).toEqual(expect.arrayContaining([2, 3]))
    const afterSnapshot = syncClient(server, board)
    await until(() => expect(afterSnapshot.notes.length).toBe(3), { timeoutMs: 10_000 })
    expect(afterSnapshot.tracker.unreadable).toBe(2)
  })

  it('a resumed reconnect receives only newer entries, and reopening an unchanged 2,000-card board moves under 2 KB', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const writer = syncClient(server, board)
    writeCards(writer.doc, 2000, 120)
    await waitForState(writer, 'saved', 20_000)

    const tap = new WireTap()
    const reader = syncClient(server, board, new Y.Doc(), tap.WebSocketImpl)
    await until(() => expect(cardsMap(reader.doc).size).toBe(2000), { timeoutMs: 20_000 })
    await waitForState(reader, 'saved')
    const full = tap.connections[0]!

    reader.provider.disconnect()
    reader.provider.connect()
    await until(() => expect(tap.connections.length).toBe(2))
    await waitForState(reader, 'saved')
    // The new connection's first burst of clock pings is part of what a resume costs: counted once every one is answered.
    const resumed = tap.connections[1]!
    await until(
      () => {
        const pings = resumed.sent.filter((f) => f.tag === 'ping').length
        const answers = resumed.received.filter((f) => f.tag === 'pong').length
        return pings >= PINGS_IN_FIRST_BURST && answers >= pings
      },
      { what: 'the first burst of clock pings, answered', timeoutMs: 10_000 },
    )
    const hello = resumed.sent.find((f) => f.tag === 'hello')!
    expect(hello).toMatchObject({ knownSeq: expect.any(Number) })
    expect(resumed.received.filter((f) => f.tag === 'entry' || f.tag === 'entries' || f.tag === 'snapshotPart')).toEqual([])
    expect(resumed.sentBytes + resumed.receivedBytes).toBeLessThan(2048)
    console.info(
      `resume of a 2,000-card board: ${resumed.sentBytes + resumed.receivedBytes} bytes; full replay: ${full.sentBytes + full.receivedBytes} bytes`,
    )

    // While it is away one card is added: the next resume brings exactly that entry.
    reader.provider.disconnect()
    writeCards(writer.doc, 1, 120, 'someone else')
    await waitForState(writer, 'saved')
    reader.provider.connect()
    await until(() => expect(cardsMap(reader.doc).size).toBe(2001))
    const replayed = tap.connections[2]!.received.flatMap((f) => (f.tag === 'entries' ? f.entries : f.tag === 'entry' ? [f] : []))
    expect(replayed).toHaveLength(1)
    expect(tap.connections[2]!.sent.filter((f) => f.tag === 'pushUpdate')).toEqual([])
  })

  it('with five devices writing, one snapshot is stored per threshold, not one per device', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const taps = [1, 2, 3, 4, 5].map(() => new WireTap())
    const clients: SyncClient[] = taps.map((tap) => syncClient(server, board, new Y.Doc(), tap.WebSocketImpl))
    for (const client of clients) await waitForState(client, 'saved')
    const { client: observer } = await joinBoard(server, board)

    // About 2.5 thresholds of bytes, written in turns by all five.
    const noteBytes = 8 * 1024
    const notes = Math.ceil((2.5 * ClientLimits.snapshotAfterBytes) / noteBytes)
    for (let i = 0; i < notes; i++) {
      const client = clients[i % clients.length]!
      client.notes.push([noteOf(i, noteBytes)])
      await waitForState(client, 'saved')
    }
    for (const client of clients) await until(() => expect(client.notes.length).toBe(notes))
    // Nothing is in flight: every device is saved and has its answer to every snapshot it began, and the observer has heard
    // of every one stored. The writing is over, so nothing after this could post another.
    const connections = () => taps.flatMap((tap) => tap.connections).map(snapshotsOf)
    const heard = () => [...new Set([...observer.framesOf('snapshotStored'), ...observer.framesOf('snapshotPart')].map((f) => f.seq))]
    await until(() => {
      for (const client of clients) expect(client.tracker.state).toBe('saved')
      expect(connections().reduce((sum, c) => sum + c.unanswered, 0)).toBe(0)
      expect(heard().sort()).toEqual(
        connections()
          .flatMap((c) => c.storedSeqs)
          .sort(),
      )
    })

    const stored = new Set(heard())
    const posted = taps.flatMap((tap) => tap.connections.flatMap((c) => c.sent.filter((f) => f.tag === 'beginSnapshot')))
    expect(stored.size).toBeGreaterThanOrEqual(2)
    expect(stored.size).toBeLessThanOrEqual(3)
    // Devices that did not cross the threshold did not post: every post was stored.
    expect(posted.length).toBe(stored.size)
  })
})

/** The snapshots one connection began: how many still wait for their answer, and the seqs of those the server stored. */
function snapshotsOf(connection: TappedConnection): { unanswered: number; storedSeqs: number[] } {
  const begun = new Set(connection.sent.flatMap((f) => (f.tag === 'beginSnapshot' ? [f.ref] : [])))
  const answers = connection.received.filter((f) => (f.tag === 'ack' || f.tag === 'reject') && begun.has(f.ref))
  return { unanswered: begun.size - answers.length, storedSeqs: answers.flatMap((f) => (f.tag === 'ack' ? [f.seq] : [])) }
}

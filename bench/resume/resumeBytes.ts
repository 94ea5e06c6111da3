/**
 * What reopening an unchanged board costs on the wire. The real sync client
 * (y-websocket's provider over the encrypting transport, as in the browser)
 * fetches a board of 2,000 cards in full once, then disconnects and
 * reconnects: its hello carries the last seq it holds, so the server should
 * replay nothing, and only the hello, welcome, replayDone, clock pings and
 * presence should move. Then the page is "reloaded": a new client object on
 * a new doc, over the board's database as the browser keeps it (y-indexeddb
 * on an in-memory IndexedDB here), which holds the log mirror and its seq.
 */
import 'fake-indexeddb/auto'
import * as Y from 'yjs'
import { cardsMap } from '../../client/core/cardView.ts'
import type { BoardConnection } from '../../client/sync/connectBoard.ts'
import { createBoard, type ServerAddress } from '../../tests/kit/boards.ts'
import { deviceCopy, type DeviceCopy } from '../../tests/kit/deviceCopy.ts'
import { CARD_CHARACTERS, writeManyCards } from '../../tests/kit/manyCards.ts'
import { syncClient } from '../../tests/kit/syncClient.ts'
import { sleep, until, within } from '../../tests/kit/waits.ts'
import { WireTap } from '../../tests/kit/wireTap.ts'

export type ResumeBytes = {
  cards: number
  cardCharacters: number
  fullReplay: ConnectionBytes
  /** A reconnect within the page's life. */
  resumed: ConnectionBytes
  /** A new page (a reload) with the log mirror kept on the device. */
  reloaded: ConnectionBytes
}
/** Payload bytes one connection sent and received (WebSocket messages, not TCP). */
export type ConnectionBytes = { sent: number; received: number }

export const RESUME_CARDS = 2000
/** A new connection sends 5 clock pings 150 ms apart and says who is present; those bytes count too, so each count waits this long. */
const SETTLE_MS = 1500
/** Each wait gives up after this, so a stuck client cannot hang the bench. */
const WAIT_MS = 30_000

export async function measureResumeBytes(server: ServerAddress, cards = RESUME_CARDS): Promise<ResumeBytes> {
  const board = await createBoard(server)
  const clients: BoardConnection[] = []
  const copies: DeviceCopy[] = []
  const saved = (client: BoardConnection, what: string) => within(client.tracker.whenState('saved'), WAIT_MS, what)
  try {
    const writerDoc = new Y.Doc()
    const writer = syncClient(server, board, writerDoc)
    clients.push(writer)
    await saved(writer, 'the writer to connect')
    writeManyCards(writerDoc, cards)
    await saved(writer, 'the writer to save its cards')

    const tap = new WireTap({ keepFrames: false })
    const readerCopy = deviceCopy(board.boardId)
    copies.push(readerCopy)
    const readerDoc = readerCopy.doc
    const reader = syncClient(server, board, readerDoc, tap.WebSocketImpl, undefined, readerCopy.shelf)
    clients.push(reader)
    await until(() => cardsMap(readerDoc).size === cards, { what: 'the reader to hold every card', timeoutMs: WAIT_MS, everyMs: 20 })
    await saved(reader, 'the reader to be saved')
    // Counted over the same quiet time as the resumed one, so both counts hold their pings and presence.
    await sleep(SETTLE_MS)
    // Waiting for "offline" first: the state is still "saved" until the old socket's close arrives.
    reader.provider.disconnect()
    await within(reader.tracker.whenState('offline'), WAIT_MS, 'the reader to disconnect')
    reader.provider.connect()
    await saved(reader, 'the reader to resume')
    await sleep(SETTLE_MS)
    // The page is left (its mirror written as it goes) and loaded again: a new client, a new doc, the same database.
    reader.destroy()
    await readerCopy.close()
    const reloadedCopy = deviceCopy(board.boardId)
    copies.push(reloadedCopy)
    const reloaded = syncClient(server, board, reloadedCopy.doc, tap.WebSocketImpl, undefined, reloadedCopy.shelf)
    clients.push(reloaded)
    await saved(reloaded, 'the reloaded reader to resume')
    await until(() => cardsMap(reloadedCopy.doc).size === cards, { what: 'the reloaded reader to hold every card', timeoutMs: WAIT_MS })
    await sleep(SETTLE_MS)
    const connections = tap.connections.map(({ sentBytes, receivedBytes }): ConnectionBytes => ({
      sent: sentBytes,
      received: receivedBytes,
    }))
    if (connections.length !== 3) throw new Error(`expected 3 reader connections, saw ${connections.length}`)
    const [fullReplay, resumed, reloadedBytes] = connections as [ConnectionBytes, ConnectionBytes, ConnectionBytes]
    return { cards, cardCharacters: CARD_CHARACTERS, fullReplay, resumed, reloaded: reloadedBytes }
  } finally {
    for (const client of clients) client.destroy()
    await Promise.all(copies.map((copy) => copy.close()))
  }
}

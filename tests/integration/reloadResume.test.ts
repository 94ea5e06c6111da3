/**
 * A reload resumes: the real sync client keeps its log mirror in the board's
 * own IndexedDB (in-memory here, through y-indexeddb as in the browser), and
 * a NEW client object on a new doc over that database (a reload, a reopened
 * tab, a phone that discarded the tab) says the seq it held, so the real
 * server sends only what came after. Issue 25's target: a reload of a
 * 2,000-card board moves less than 1 % of the bytes of a full replay.
 */
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { cardsMap } from '../../client/core/cardView.ts'
import { createBoard } from '../kit/boards.ts'
import { deviceCopy } from '../kit/deviceCopy.ts'
import { writeManyCards } from '../kit/manyCards.ts'
import { newServer } from '../kit/newServer.ts'
import { syncClient, waitForState } from '../kit/syncClient.ts'
import { sleep, until } from '../kit/waits.ts'
import { WireTap } from '../kit/wireTap.ts'

const CARDS = 2000
/** Each connection's clock pings (5, 150 ms apart) and presence count too: both counts wait this long once saved. */
const SETTLE_MS = 1000

describe('a reload', () => {
  it('of a 2,000-card board moves less than 1 % of the bytes of a full replay, and gets what came while it was closed', async () => {
    const { server } = await newServer()
    const board = await createBoard(server)
    const partner = syncClient(server, board)
    await waitForState(partner, 'saved')
    writeManyCards(partner.doc, CARDS)
    await waitForState(partner, 'saved', 30_000)

    const firstTap = new WireTap()
    const firstCopy = deviceCopy(board.boardId)
    const first = syncClient(server, board, firstCopy.doc, firstTap.WebSocketImpl, undefined, firstCopy.shelf)
    await until(() => cardsMap(firstCopy.doc).size === CARDS, { what: 'every card', timeoutMs: 30_000, everyMs: 20 })
    await waitForState(first, 'saved')
    await sleep(SETTLE_MS)
    // The page is left: its mirror is written as it goes, then its database closed.
    first.destroy()
    await firstCopy.close()

    // Placed by the partner while this device was closed.
    writeManyCards(partner.doc, 3, CARDS)
    await waitForState(partner, 'saved')

    const reloadTap = new WireTap()
    const reloadCopy = deviceCopy(board.boardId)
    const reloaded = syncClient(server, board, reloadCopy.doc, reloadTap.WebSocketImpl, undefined, reloadCopy.shelf)
    await until(() => cardsMap(reloadCopy.doc).size === CARDS + 3, { what: 'the partner’s new cards', timeoutMs: 30_000, everyMs: 20 })
    await waitForState(reloaded, 'saved')
    await sleep(SETTLE_MS)

    const [full] = firstTap.connections
    const [resumed] = reloadTap.connections
    const hello = resumed!.sent.find((frame) => frame.tag === 'hello')
    expect(hello?.tag === 'hello' && hello.knownSeq).toBeGreaterThan(0)
    // Nothing pushed back: what the device holds, the log holds.
    expect(resumed!.sent.filter((frame) => frame.tag === 'pushUpdate' || frame.tag === 'beginSnapshot')).toEqual([])
    const bytes = (connection: typeof full) => connection!.sentBytes + connection!.receivedBytes
    expect(bytes(resumed)).toBeLessThan(bytes(full) / 100)
  })
})

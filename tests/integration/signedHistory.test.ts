/**
 * A version of the board's history is signed by the device that kept it, over
 * the log's seq it covers and when, so a server that serves one version's
 * bytes as another's, or relabels when one was kept, is caught by the
 * reading Board history uses (BoardHistory.open), and an untouched version
 * still reads as kept by that person's device.
 */
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { BoardTrust } from '../../client/core/boardTrust.svelte.ts'
import { joinBoard } from '../../client/core/people.ts'
import { BoardHistory } from '../../client/history/historyModel.ts'
import { createBoard } from '../kit/boards.ts'
import { newServer } from '../kit/newServer.ts'
import { signedClient } from '../kit/signedClient.ts'
import { withStoredLog } from '../kit/storedLog.ts'
import { waitForState } from '../kit/syncClient.ts'
import { afterThisTest } from '../kit/teardown.ts'

const DAY_MS = 24 * 60 * 60 * 1000

describe('signed versions of the board’s history', () => {
  it('names a version whose stored bytes were swapped with another’s, or whose time was relabelled, and verifies an untouched one', async () => {
    const testServer = await newServer()
    const board = await createBoard(testServer)
    const alice = await signedClient(testServer, board, 'alice')
    joinBoard(alice.doc, { id: 'alice', name: 'Alice', role: 'partner', color: '#b45309', joinedAt: Date.now() })
    const keep = async (note: string) => {
      alice.notes.push([note])
      await waitForState(alice, 'saved')
      await alice.requestHistoryPoint()
    }
    await keep('first')
    await keep('second')
    await keep('third')

    const session = {
      boardId: board.boardId,
      secret: board.secret,
      doc: alice.doc,
      clock: alice.clock,
      requestHistoryPoint: alice.requestHistoryPoint,
    }
    const history = new BoardHistory(session, () => 'alice', alice.trust, { origin: testServer.url })
    const [third, second, first] = await history.list()
    expect([third, second, first].every((version) => version !== undefined)).toBe(true)
    for (const version of [first!, second!, third!]) {
      expect((await history.open(version)).provenance).toMatchObject({
        status: 'verified',
        personId: 'alice',
        deviceId: alice.signer.deviceId,
      })
    }

    // The server (or whoever holds its store) serves the first version's bytes as the second's, and the second's as the first's.
    await testServer.stop()
    withStoredLog(testServer.dataDir, (db) => {
      const move = db.prepare('UPDATE snapshot_parts SET seq = ? WHERE board_id = ? AND seq = ?')
      db.transaction(() => {
        move.run(-1, board.boardId, first!.seq)
        move.run(first!.seq, board.boardId, second!.seq)
        move.run(second!.seq, board.boardId, -1)
      })()
    })
    await testServer.restart()

    const servedAsSecond = await history.open(second!)
    expect(servedAsSecond.doc.getArray<string>('notes').toArray()).toEqual(['first'])
    expect(servedAsSecond.provenance).toEqual({ status: 'not-verified', reason: 'not-as-listed' })
    expect((await history.open(first!)).provenance).toEqual({ status: 'not-verified', reason: 'not-as-listed' })
    expect((await history.open(third!)).provenance).toMatchObject({ status: 'verified', personId: 'alice' })

    // The listing says the third was kept a day earlier than its device signed.
    withStoredLog(testServer.dataDir, (db) =>
      db.prepare('UPDATE snapshots SET created_at = created_at - ? WHERE board_id = ? AND seq = ?').run(DAY_MS, board.boardId, third!.seq),
    )
    const [relabelled] = await history.list()
    expect(relabelled!.createdAt).toBe(third!.createdAt - DAY_MS)
    expect((await history.open(relabelled!)).provenance).toEqual({ status: 'not-verified', reason: 'not-as-listed' })

    // A device that does not know Alice's device (a board copy without her record) does not take her word for any version.
    const stranger = new BoardTrust({
      boardId: board.boardId,
      doc: new Y.Doc(),
      signer: Promise.resolve(null),
      pins: { load: async () => null, save: async () => {} },
      linkFingerprint: null,
    })
    afterThisTest(() => stranger.destroy())
    const strangersHistory = new BoardHistory(session, () => null, stranger, { origin: testServer.url })
    expect((await strangersHistory.open(second!)).provenance).toEqual({ status: 'not-verified', reason: 'unknown-device' })
  })
})

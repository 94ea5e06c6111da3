/**
 * A board forgotten on this device stays forgotten: a refresh its view still
 * makes (Your boards, the keys pinned, the claims verified) does not put back
 * what the forgetting removed. Run against an in-memory IndexedDB.
 */
import 'fake-indexeddb/auto'
import { expect, test } from 'vitest'
import { forgetBoardOnThisDevice } from '../../../client/app/forgetBoard.ts'
import { inStore } from '../../../client/device/deviceStore.ts'
import { storePins } from '../../../client/device/pins.ts'
import { rememberVerified } from '../../../client/device/verifiedClaims.ts'
import { listYourBoards, rememberYourBoard } from '../../../client/yourBoards/yourBoards.ts'

const seen = (boardId: string) => ({
  boardId,
  link: `https://example.test/b/${boardId}#secret`,
  boardName: 'Us',
  lastTalkAt: null,
  nextTalk: null,
  partnerCheckIns: [],
  dueCount: 0,
  seenAt: 1,
})

async function filedUnder(boardId: string): Promise<string[]> {
  const found: string[] = []
  for (const store of ['boards', 'pins', 'verified'] as const) {
    const keys = await inStore(store, 'readonly', (s) => s.getAllKeys())
    if (keys.some((key) => JSON.stringify(key).includes(boardId))) found.push(store)
  }
  return found
}

test('writes that come after the forgetting began are dropped; one already under way is removed with the rest', async () => {
  await rememberYourBoard(seen('board-a'))
  await storePins('board-a', { pinned: true })
  expect(await filedUnder('board-a')).toEqual(['boards', 'pins'])

  // Under way as the board is forgotten: its write is ordered before the removal.
  const alreadyUnderWay = rememberVerified('board-a', ['claim-1'])
  const forgetting = forgetBoardOnThisDevice('board-a', 'deleted', async () => {})
  // The board's view, still on screen, refreshes what it keeps while the removals run.
  const late = [rememberYourBoard(seen('board-a')), storePins('board-a', { pinned: true }), rememberVerified('board-a', ['claim-2'])]
  await Promise.all([alreadyUnderWay, forgetting, ...late])

  expect(await filedUnder('board-a')).toEqual([])
  expect(await listYourBoards()).toEqual([])
})

test('another board is kept as before', async () => {
  await forgetBoardOnThisDevice('board-b', 'moved', async () => {})
  await rememberYourBoard(seen('board-c'))
  await storePins('board-c', [])
  expect(await filedUnder('board-c')).toEqual(['boards', 'pins'])
})

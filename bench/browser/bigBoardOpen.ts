/**
 * A board lived in for months — 50 talks, 2,000 cards — opened in real
 * Chromium on a laptop-sized screen, as its people meet it: from the server
 * on a device that holds no copy yet, then from the device's own copy
 * (IndexedDB) with the server away, and scrolled through its longest lane.
 * Timed from navigation to every card on screen (all six lanes show at
 * once at this width); the scroll reports the longest main-thread task.
 */
import { chromium, type Page } from '@playwright/test'
import * as Y from 'yjs'
import type { Signer } from '../../shared/signing.ts'
import { LANES } from '../../shared/schema.ts'
import { addCard } from '../../client/cards/cards.ts'
import { cardsMap } from '../../client/core/cardView.ts'
import { keepCardClaim, signCardText } from '../../client/core/cardClaims.ts'
import { registerDevice } from '../../client/core/devices.ts'
import { joinBoard } from '../../client/core/people.ts'
import { startTalk, endTalk } from '../../client/core/talks.ts'
import { legacyIdentityKey } from '../../client/core/identity.svelte.ts'
import { createBoard, type ServerAddress } from '../../tests/kit/boards.ts'
import { CHROMIUM_ARGS, requireBrowser } from '../../tests/kit/browser/findBrowser.ts'
import { newServer } from '../../tests/kit/newServer.ts'
import { syncClient } from '../../tests/kit/syncClient.ts'
import { within } from '../../tests/kit/waits.ts'

export const BIG_BOARD = { talks: 50, cards: 2000 }
const WAIT_MS = 60_000

export type BigBoardOpen = {
  fromServerMs: number
  fromDeviceMs: number
  scroll: { lane: string; cards: number; longestTaskMs: number; tasksOver50Ms: number }
}

export async function measureBigBoardOpen(): Promise<BigBoardOpen> {
  const executablePath = requireBrowser()
  const server = await newServer({ staticDir: 'dist/client' })
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  try {
    const { link, boardId, me } = await writeBigBoard(server)
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    // This device joined the board long ago (under an earlier version, which kept the name in localStorage):
    // its name is remembered, so it opens straight onto the lanes.
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [
      legacyIdentityKey(boardId),
      JSON.stringify(me),
    ] as const)
    const page = await context.newPage()

    const fromServerMs = await timeOpen(page, () => page.goto(link))
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: WAIT_MS })
    await page.waitForTimeout(1500) // y-indexeddb writes the copy in the background
    await server.stop()
    const fromDeviceMs = await timeOpen(page, () => page.reload())
    await server.restart()
    const scroll = await scrollLongestLane(page)
    return { fromServerMs, fromDeviceMs, scroll }
  } finally {
    await browser.close()
    await server.close()
  }
}

/** Each partner's device, by person id: given, every card is signed by its author's device as the app signs it (bench/signing). */
export type CardSigners = Record<'alex' | 'blair', Signer>

type WrittenCard = { id: string; authorId: 'alex' | 'blair'; lane: string; text: string; createdAt: number }

/**
 * Writes the board with the real client code, as its people would have over the months, and waits until it is stored.
 * Each talk is written in a draft doc and reaches the board as one update, its cards' claims (when signed) with them:
 * the app signs first and writes a card and its claim together, and the signed board gets as many updates as the unsigned.
 */
export async function writeBigBoard(server: ServerAddress, signers?: CardSigners) {
  const board = await createBoard(server)
  const connection = syncClient(server, board)
  const { doc } = connection
  const draft = new Y.Doc()
  const sendDraft = () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(draft, Y.encodeStateVector(doc)))
  const me = { personId: 'alex', name: 'Alex', role: 'partner' as const, color: '#2f6f8f' }
  try {
    joinBoard(draft, { id: 'alex', name: 'Alex', role: 'partner', color: '#2f6f8f', joinedAt: 0 })
    joinBoard(draft, { id: 'blair', name: 'Blair', role: 'partner', color: '#8a4f7d', joinedAt: 1 })
    if (signers !== undefined) {
      await registerDevice(draft, board.boardId, signers.alex, 'alex', 0)
      await registerDevice(draft, board.boardId, signers.blair, 'blair', 1)
    }
    sendDraft()
    const perTalk = BIG_BOARD.cards / BIG_BOARD.talks
    for (let talk = 0; talk < BIG_BOARD.talks; talk++) {
      const written: WrittenCard[] = []
      draft.transact(() => {
        const startedAt = Date.now() - (BIG_BOARD.talks - talk) * 7 * 24 * 60 * 60 * 1000
        const talkId = startTalk(draft, startedAt)
        for (let i = 0; i < perTalk; i++) {
          const lane = LANES[(talk * perTalk + i) % LANES.length]!.id
          const text = `Talk ${talk + 1}, card ${i + 1}: what we said about the week, and what we would like next time.`
          const card = { lane, text, authorId: i % 2 === 0 ? ('alex' as const) : ('blair' as const), createdAt: startedAt + i * 60_000 }
          const id = addCard(draft, { ...card, talkId })
          if (id !== null) written.push({ id, ...card })
        }
        if (talk < BIG_BOARD.talks - 1) endTalk(draft, talkId, startedAt + 60 * 60 * 1000)
      })
      if (signers !== undefined) await signCards(draft, board.boardId, signers, written)
      sendDraft()
    }
    await within(connection.tracker.whenState('saved'), WAIT_MS, 'the board to be stored')
  } finally {
    connection.destroy()
  }
  return { link: board.link, boardId: board.boardId, me }
}

/** Puts each card's claim in its `claims` map, as the app does (core/cardClaims.ts), signed by its author's device. */
async function signCards(doc: Y.Doc, boardId: string, signers: CardSigners, cards: WrittenCard[]): Promise<void> {
  const claims = await Promise.all(cards.map((card) => signCardText(signers[card.authorId], boardId, card, card.text)))
  doc.transact(() =>
    cards.forEach((card, i) => {
      const fields = cardsMap(doc).get(card.id)
      if (fields) keepCardClaim(fields, claims[i]!)
    }),
  )
}

/** From `navigate` to every card on screen, in ms. */
async function timeOpen(page: Page, navigate: () => Promise<unknown>): Promise<number> {
  const began = performance.now()
  await navigate()
  await page.waitForFunction((cards) => document.querySelectorAll('article').length >= cards, BIG_BOARD.cards, {
    timeout: WAIT_MS,
    polling: 10,
  })
  return performance.now() - began
}

/** Scrolls the lane holding the most cards from top to bottom in steps, as a wheel would; long tasks meanwhile are what a person would feel. */
async function scrollLongestLane(page: Page): Promise<BigBoardOpen['scroll']> {
  return page.evaluate(async () => {
    const lanes = [...document.querySelectorAll<HTMLElement>('section[id^="lane-"]')]
    const lane = lanes.reduce((most, each) =>
      each.querySelectorAll('article').length > most.querySelectorAll('article').length ? each : most,
    )
    const tasks: number[] = []
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration)))
    observer.observe({ type: 'longtask', buffered: false })
    for (let top = 0; top < lane.scrollHeight; top += 200) {
      lane.scrollTop = top
      await new Promise(requestAnimationFrame)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
    observer.disconnect()
    return {
      lane: lane.querySelector('h2')?.textContent ?? lane.id,
      cards: lane.querySelectorAll('article').length,
      longestTaskMs: Math.max(0, ...tasks),
      tasksOver50Ms: tasks.length,
    }
  })
}

/**
 * What signing costs a person opening a board: the 2,000-card board of
 * bench/browser/bigBoardOpen.ts, once with every card signed by its
 * author's device and once without, opened in real Chromium (the built
 * app, the real server) on a device that holds no copy yet, then reloaded.
 * Timed from navigation to every card on screen with its verdict settled
 * (the signed board's signatures all found valid), so the checking is inside the
 * time. The two boards take turns, each round in a fresh browser context.
 */
import { chromium, type Browser, type Page } from '@playwright/test'
import { generateSigningKeyPair, signerOf } from '../../shared/signing.ts'
import { legacyIdentityKey } from '../../client/core/identity.svelte.ts'
import { CHROMIUM_ARGS, requireBrowser } from '../../tests/kit/browser/findBrowser.ts'
import { newServer } from '../../tests/kit/newServer.ts'
import { BIG_BOARD, writeBigBoard } from '../browser/bigBoardOpen.ts'

const WAIT_MS = 120_000

export type OpenTimes = { coldMs: number; reloadMs: number }
export type SignedBoardOpen = { rounds: number; unsigned: OpenTimes[]; signed: OpenTimes[] }

type Board = Awaited<ReturnType<typeof writeBigBoard>>

export async function measureSignedBoardOpen(rounds: number, progress: (line: string) => void): Promise<SignedBoardOpen> {
  const executablePath = requireBrowser()
  const server = await newServer({ staticDir: 'dist/client' })
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  try {
    const [alex, blair] = await Promise.all([generateSigningKeyPair(), generateSigningKeyPair()])
    const unsignedBoard = await writeBigBoard(server)
    const signedBoard = await writeBigBoard(server, { alex: signerOf('alex-phone', alex), blair: signerOf('blair-phone', blair) })
    const result: SignedBoardOpen = { rounds, unsigned: [], signed: [] }
    for (let round = 0; round < rounds; round++) {
      // Alternating which goes first, so neither always meets a machine warmed (or tired) by the other.
      const order = round % 2 === 0 ? (['unsigned', 'signed'] as const) : (['signed', 'unsigned'] as const)
      for (const variant of order) {
        const times = await openAndReload(browser, variant === 'signed' ? signedBoard : unsignedBoard, variant === 'signed')
        result[variant].push(times)
        progress(`round ${round + 1}, ${variant}: cold ${times.coldMs.toFixed(0)} ms, reload ${times.reloadMs.toFixed(0)} ms`)
      }
    }
    return result
  } finally {
    await browser.close()
    await server.close()
  }
}

async function openAndReload(browser: Browser, { link, boardId, me }: Board, signed: boolean): Promise<OpenTimes> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
  try {
    // A device that joined long ago (its name remembered), so it opens straight onto the lanes; no copy, no remembered verdicts.
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [
      legacyIdentityKey(boardId),
      JSON.stringify(me),
    ] as const)
    const page = await context.newPage()
    const began = performance.now()
    await page.goto(link)
    await everyCardSettled(page, signed)
    const coldMs = performance.now() - began
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: WAIT_MS })
    await page.waitForTimeout(2000) // y-indexeddb writes the copy, and the last batch of verdicts is remembered, in the background
    const reloadBegan = performance.now()
    await page.reload()
    await everyCardSettled(page, signed)
    return { coldMs, reloadMs: performance.now() - reloadBegan }
  } finally {
    await context.close()
  }
}

/**
 * Every card on screen and none still being checked; on the signed board, every signature found valid (else the bench
 * measured the wrong thing). Alex's cards read as from a device of his not confirmed here yet: this browser is Alex's
 * own device, pinned first, and the one that signed them is another of his.
 */
async function everyCardSettled(page: Page, signed: boolean): Promise<void> {
  await page.waitForFunction(
    (cards) => document.querySelectorAll('article[data-verdict]:not([data-verdict="checking"])').length >= cards,
    BIG_BOARD.cards,
    { timeout: WAIT_MS, polling: 10 },
  )
  const checked = await page
    .locator('article[data-verdict="author"], article[data-verdict="edited"], article[data-verdict="unconfirmed"]')
    .count()
  if (signed && checked < BIG_BOARD.cards) throw new Error(`only ${checked} of ${BIG_BOARD.cards} signed cards verified`)
  if (!signed && checked > 0) throw new Error('an unsigned card read as signed')
}

/**
 * Pause propagation, measured where people meet it: from the key press on
 * one screen to the pause view on the other, in real Chromium against the
 * real server and built app. Both moments are reported from inside the
 * pages to this process, so both carry the same reporting delay.
 *
 * The reference (the floor) is the same two browsers passing one message
 * through a bare WebSocket broadcast relay: no Yjs, no encryption, no
 * durable log, no rendering. Ours divided by the floor is what the product
 * adds on top of the network and the browser.
 */
import { chromium, type Browser, type Page } from '@playwright/test'
import { CHROMIUM_ARGS, requireBrowser } from '../../tests/kit/browser/findBrowser.ts'
import { newServer, type TestServer } from '../../tests/kit/newServer.ts'
import { sleep } from '../../tests/kit/waits.ts'
import { startFloorRelay } from './floorRelay.ts'
import { toLatencyFigures, type LatencyFigures } from '../harness/figures.ts'

export type PauseLatency = { ours: LatencyFigures; floor: LatencyFigures }

const PAUSE_MINUTES = 5

type Marks = { pressed: number[]; shown: number[] }

export async function measurePauseLatency(pauses: number): Promise<PauseLatency> {
  // Before anything starts, so a machine without a browser stops with the one line that says how to get one.
  const executablePath = requireBrowser()
  // The board's clock is moved past each countdown, so the bench need not wait out real minutes.
  const server = await newServer({ staticDir: 'dist/client', limits: { clockIntervalMs: 200 } })
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  try {
    const [alex, blair] = await openBoardOnTwoScreens(browser, server)
    const marks: Marks = { pressed: [], shown: [] }
    await alex.exposeFunction('benchPressed', () => void marks.pressed.push(performance.now()))
    await blair.exposeFunction('benchShown', () => void marks.shown.push(performance.now()))
    await alex.evaluate(() => {
      const report = (window as unknown as { benchPressed: () => void }).benchPressed
      addEventListener('keydown', (event) => event.code === 'Space' && event.ctrlKey && event.shiftKey && report(), { capture: true })
    })
    await blair.evaluate(() => {
      const report = (window as unknown as { benchShown: () => void }).benchShown
      let shown = false
      new MutationObserver(() => {
        const now = document.querySelector('[role="timer"]') !== null
        if (now && !shown) report()
        shown = now
      }).observe(document.body, { subtree: true, childList: true })
    })
    for (let pause = 0; pause < pauses; pause++) {
      await alex.keyboard.press('Control+Shift+Space')
      await blair.getByRole('timer').waitFor()
      server.advanceClock(PAUSE_MINUTES * 60_000 + 1000)
      await bothReady(alex, blair)
    }
    const ours = latencies(marks)
    const floor = await measureFloor(browser, pauses)
    return { ours, floor }
  } finally {
    await browser.close()
    await server.close()
  }
}

async function openBoardOnTwoScreens(browser: Browser, server: TestServer): Promise<[Page, Page]> {
  const alex = await (await browser.newContext({ baseURL: server.url })).newPage()
  await alex.goto('/')
  await alex.getByRole('button', { name: 'Create a board' }).click()
  await join(alex, 'Alex')
  // The board's own pause length, so every pause of the run is this long (a length chosen beside Pause is for one pause).
  await alex.getByRole('button', { name: 'Menu', exact: true }).click()
  await alex.getByText('Board settings', { exact: true }).click()
  await alex.getByRole('combobox', { name: 'Pauses last' }).selectOption({ label: `${PAUSE_MINUTES} minutes` })
  await alex.keyboard.press('Escape')
  const link = await alex.getByRole('textbox', { name: 'Invite link' }).inputValue()
  const blair = await (await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true })).newPage()
  await blair.goto(link)
  await join(blair, 'Blair')
  await alex.locator('body').click({ position: { x: 2, y: 2 } })
  return [alex, blair]
}

async function join(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name)
  await page.getByRole('button', { name: 'Join' }).click()
  await page.getByRole('status', { name: 'Saved' }).waitFor()
}

async function bothReady(...screens: Page[]): Promise<void> {
  for (const screen of screens) await screen.getByRole('button', { name: "I'm ready" }).click()
  for (const screen of screens) await screen.getByRole('timer').waitFor({ state: 'detached' })
}

/** The same two browsers and one message through a bare relay: the least any live board could take. */
async function measureFloor(browser: Browser, messages: number): Promise<LatencyFigures> {
  const relay = await startFloorRelay()
  try {
    const context = await browser.newContext()
    const [sender, receiver] = [await context.newPage(), await context.newPage()]
    const marks: Marks = { pressed: [], shown: [] }
    await sender.exposeFunction('benchPressed', () => void marks.pressed.push(performance.now()))
    await receiver.exposeFunction('benchShown', () => void marks.shown.push(performance.now()))
    const connect =
      (_role: 'sender' | 'receiver') =>
      ({ url, role }: { url: string; role: string }) =>
        new Promise<void>((resolve) => {
          const socket = new WebSocket(url)
          socket.onopen = () => resolve()
          const pageWindow = window as unknown as { benchPressed: () => void; benchShown: () => void }
          if (role === 'receiver') socket.onmessage = () => pageWindow.benchShown()
          else
            addEventListener('keydown', () => {
              pageWindow.benchPressed()
              socket.send('p')
            })
        })
    await sender.evaluate(connect('sender'), { url: relay.url, role: 'sender' })
    await receiver.evaluate(connect('receiver'), { url: relay.url, role: 'receiver' })
    for (let message = 0; message < messages; message++) {
      const before = marks.shown.length
      await sender.keyboard.press('p')
      // The page reports through exposeFunction, which Playwright gives no way to await.
      while (marks.shown.length === before) await sleep(5)
    }
    await context.close()
    return latencies(marks)
  } finally {
    await relay.close()
  }
}

function latencies(marks: Marks): LatencyFigures {
  const count = Math.min(marks.pressed.length, marks.shown.length)
  return toLatencyFigures(Array.from({ length: count }, (_, index) => marks.shown[index]! - marks.pressed[index]!))
}

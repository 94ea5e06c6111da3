import type { Locator, Page } from '@playwright/test'
import jsQR from 'jsqr'
import { seriousViolations } from '../kit/browser/axe.ts'
import {
  addCard,
  card,
  createBoardAndJoin,
  joinAs,
  lane,
  LANE_INPUTS,
  type LaneTitle,
  openMenu,
  openPeople,
  sharedFrom,
} from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

/** The phone the issue names: 390×844, touch. */
const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const
const LAPTOP = { width: 1366, height: 768 } as const

/** True when the whole element is inside the viewport as the page stands now. */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox()
  const viewport = page.viewportSize()!
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width
}

function pageScrollTop(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollTop)
}

/** Reads the QR code image on the page back into text, as a phone camera would. */
async function decodeQrCode(image: Locator): Promise<string | null> {
  const pixels = await image.evaluate(async (element: HTMLImageElement) => {
    await element.decode()
    const canvas = document.createElement('canvas')
    canvas.width = element.naturalWidth
    canvas.height = element.naturalHeight
    const context = canvas.getContext('2d')!
    context.drawImage(element, 0, 0)
    const data = context.getImageData(0, 0, canvas.width, canvas.height)
    return { width: data.width, height: data.height, rgba: Array.from(data.data) }
  })
  return jsQR(Uint8ClampedArray.from(pixels.rgba), pixels.width, pixels.height)?.data ?? null
}

test('on a 390×844 phone the first card and Pause are on the first screen, Invite shows the link and a QR code that reads back as it, and a pause hides the rest', async ({
  page: alex,
  openDevice,
}) => {
  const link = await createBoardAndJoin(alex, 'Alex')
  // Alone on a new board, the share sheet is there unasked.
  const unasked = alex.getByRole('region', { name: 'Invite your partner' })
  await expect(unasked).toBeVisible()
  await expect(unasked.getByRole('textbox', { name: 'Invite link' })).toHaveValue(sharedFrom(link))
  for (const text of ['I felt alone at the party', 'Relieved we are talking', 'Nervous about tonight'])
    await addCard(alex, 'Feelings', text)

  const blair = await openDevice(PHONE_390)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  const firstCard = card(blair, 'I felt alone at the party')
  await expect(firstCard).toBeVisible()
  expect(await pageScrollTop(blair)).toBe(0)
  expect(await inViewport(blair, firstCard), 'the first card of the current lane is on the first screen').toBe(true)
  expect(await inViewport(blair, blair.getByRole('button', { name: 'Pause', exact: true })), 'Pause is on the first screen').toBe(true)
  // Once a partner has joined, the sheet is not shown unasked: not to Blair, and no longer to Alex.
  await expect(blair.getByRole('region', { name: 'Invite your partner' })).toHaveCount(0)
  await expect(unasked).toHaveCount(0)

  await blair.getByRole('button', { name: 'Invite' }).click()
  const sheet = blair.getByRole('dialog', { name: 'Invite your partner' })
  await expect(sheet).toBeVisible()
  await expect(sheet.getByRole('textbox', { name: 'Invite link' })).toHaveValue(sharedFrom(link))
  await expect(sheet.getByRole('button', { name: 'Copy link' })).toBeVisible()
  const qrCode = sheet.getByRole('img', { name: 'QR code for the invite link' })
  await expect(qrCode).toBeVisible()
  expect(await decodeQrCode(qrCode)).toBe(await sheet.getByRole('textbox', { name: 'Invite link' }).inputValue())
  await sheet.getByRole('button', { name: 'Close' }).click()
  await expect(sheet).toBeHidden()

  await openPeople(blair)
  await alex.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(blair.getByRole('timer')).toBeVisible()
  // The pause view owns the screen: no invite link, no people, no board; the sync status stays.
  for (const screen of [alex, blair]) {
    await expect(screen.getByRole('textbox', { name: 'Invite link' })).toHaveCount(0)
    await expect(screen.getByRole('region', { name: 'On this board' })).toHaveCount(0)
    await expect(screen.getByRole('button', { name: /^People here/ })).toHaveCount(0)
    await expect(screen.getByRole('button', { name: 'Invite' })).toHaveCount(0)
    await expect(screen.getByRole('button', { name: 'Menu', exact: true })).toHaveCount(0)
    await expect(lane(screen, 'Feelings')).toBeHidden()
    await expect(screen.getByRole('status')).toHaveText('Saved')
  }
})

test('on a 1366×768 laptop every lane can be written in without scrolling the page, and a wide screen uses its width', async ({ page }) => {
  await page.setViewportSize(LAPTOP)
  await createBoardAndJoin(page, 'Alex')
  await page.getByRole('region', { name: 'Invite your partner' }).getByRole('button', { name: 'Done' }).click()
  // Enough cards that a lane is taller than the screen: it scrolls on its own, the page does not.
  for (let i = 1; i <= 6; i++) await addCard(page, 'Feelings', `Feeling number ${i}, written out at some length`)
  const lanes = Object.keys(LANE_INPUTS) as LaneTitle[]
  for (const title of lanes) {
    const input = lane(page, title).getByRole('textbox', { name: LANE_INPUTS[title], exact: true })
    await input.fill(`Written in ${title}`)
    await input.press('Enter')
    await expect(card(page, `Written in ${title}`)).toBeVisible()
    expect(await pageScrollTop(page), `writing in ${title} scrolled the page`).toBe(0)
  }
  expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight), 'the page is one screen tall').toBe(true)
  for (const title of lanes) expect(await inViewport(page, lane(page, title)), `${title} lies within the screen`).toBe(true)

  await page.setViewportSize({ width: 1920, height: 1080 })
  const laneWidths = await Promise.all(lanes.map(async (title) => (await lane(page, title).boundingBox())!.width))
  const used = laneWidths.reduce((sum, width) => sum + width, 0)
  expect(used / 1920, 'six lanes fill most of a wide screen').toBeGreaterThan(0.85)
})

test('the board has a name everyone sees, edited in place; an empty name shows a neutral placeholder', async ({
  page: alex,
  openDevice,
}) => {
  const link = await createBoardAndJoin(alex, 'Alex')
  const name = alex.getByRole('textbox', { name: 'Board name' })
  await expect(name).toHaveValue('')
  await expect(name).toHaveAttribute('placeholder', 'Our board')
  await name.fill('Sam & Robin, Sundays')
  await name.press('Enter')

  const blair = await openDevice(PHONE_390)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  await expect(blair.getByRole('textbox', { name: 'Board name' })).toHaveValue('Sam & Robin, Sundays')

  // Escape leaves the name as it was; clearing it brings the placeholder back on both screens.
  await name.fill('Something else')
  await name.press('Escape')
  await expect(name).toHaveValue('Sam & Robin, Sundays')
  await name.fill('   ')
  await name.press('Enter')
  for (const screen of [alex, blair]) await expect(screen.getByRole('textbox', { name: 'Board name' })).toHaveValue('')
  // The name is the board's, not the tab's: a shared screen's tab says only the app's name.
  await expect(alex).toHaveTitle('Common Ground')
})

test("Share… hands the whole link to the device's share sheet where there is one, and is absent where there is none", async ({
  page,
  openDevice,
}) => {
  const link = await createBoardAndJoin(page, 'Alex')
  const hasShare = await page.evaluate(() => typeof navigator.share === 'function')
  await expect(page.getByRole('button', { name: 'Share…' })).toHaveCount(hasShare ? 1 : 0)

  const phone = await openDevice(PHONE_390)
  await phone.addInitScript(() => {
    const shared: ShareData[] = []
    Object.assign(window, { sharedLinks: shared })
    Object.defineProperty(navigator, 'share', { value: async (data: ShareData) => void shared.push(data) })
  })
  await phone.goto(link)
  await joinAs(phone, 'Blair')
  await phone.getByRole('button', { name: 'Invite' }).click()
  await phone.getByRole('dialog', { name: 'Invite your partner' }).getByRole('button', { name: 'Share…' }).click()
  await expect
    .poll(() => phone.evaluate(() => (window as unknown as { sharedLinks: ShareData[] }).sharedLinks.map((data) => data.url)))
    .toEqual([expect.stringMatching(sharedFrom(link))])
})

test('a link too long for a QR code shows the link alone, with a line saying so', async ({ page }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  const { origin, pathname, hash } = new URL(link)
  // A query string no QR code can hold (the app ignores it; the board opens as usual).
  const longLink = `${origin}${pathname}?${'x'.repeat(4000)}${hash}`
  await page.goto(longLink)
  await page.getByRole('button', { name: 'Invite' }).click()
  const sheet = page.getByRole('dialog', { name: 'Invite your partner' })
  await expect(sheet.getByText('This link is too long to show as a QR code. Copy it or share it instead.')).toBeVisible()
  await expect(sheet.getByRole('img', { name: 'QR code for the invite link' })).toHaveCount(0)
  await expect(sheet.getByRole('textbox', { name: 'Invite link' })).toHaveValue(sharedFrom(longLink))
})

test('the app can be installed: a valid manifest with icons, and a service worker', async ({ page, request }) => {
  await page.goto('/')
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href')
  expect(manifestHref).toBe('/manifest.webmanifest')
  const response = await request.get(manifestHref!)
  expect(response.ok()).toBe(true)
  expect(response.headers()['content-type']).toContain('application/manifest+json')
  const manifest = (await response.json()) as {
    name: string
    start_url: string
    display: string
    theme_color: string
    icons: { src: string; sizes: string; type: string; purpose?: string }[]
  }
  expect(manifest.name).toBe('Common Ground')
  expect(manifest.start_url).toBe('/')
  expect(manifest.display).toBe('standalone')
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i)
  // Browsers want a 192 and a 512 px icon to offer installing; each must be served as what it says it is.
  for (const size of ['192x192', '512x512'])
    expect(manifest.icons.some((icon) => icon.sizes === size && icon.type === 'image/png')).toBe(true)
  for (const icon of manifest.icons) {
    const served = await request.get(icon.src)
    expect(served.ok(), icon.src).toBe(true)
    expect(served.headers()['content-type'], icon.src).toContain(icon.type)
  }
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)
  expect(new URL(scope).pathname).toBe('/')
})

test.describe('accessibility of the app bar', () => {
  // axe is injected as an inline script, which the page's CSP (scripts from 'self' only) would refuse.
  test.use({ bypassCSP: true })

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the app bar, the share sheet, the people list, the menu, its sheets, a guided talk and Your boards have no serious accessibility problems (${colorScheme})`, async ({
      page,
      openDevice,
    }) => {
      await page.emulateMedia({ colorScheme })
      const link = await createBoardAndJoin(page, 'Alex')
      expect(await seriousViolations(page, 'header'), 'app bar').toEqual([])
      expect(await seriousViolations(page, '#board'), 'the share sheet shown unasked').toEqual([])

      const blair = await openDevice({ ...PHONE_390, colorScheme, bypassCSP: true })
      await blair.goto(link)
      await joinAs(blair, 'Blair')
      expect(await seriousViolations(blair, 'header'), 'app bar on a phone').toEqual([])
      await blair.getByRole('button', { name: 'Invite' }).click()
      await expect(blair.getByRole('img', { name: 'QR code for the invite link' })).toBeVisible()
      expect(await seriousViolations(blair, 'dialog'), 'share sheet').toEqual([])
      await blair.getByRole('button', { name: 'Close' }).click()
      await openPeople(blair)
      expect(await seriousViolations(blair, '#people-panel'), 'people list').toEqual([])
      await openMenu(blair)
      await expect(blair.getByRole('button', { name: 'End the talk' })).toBeVisible()
      expect(await seriousViolations(blair, '#board-menu'), 'menu').toEqual([])

      // The sheets opened from the menu, and a guided talk's bar.
      for (const [item, dialog] of [
        ['Private notes', 'Private notes'],
        ['Board history', 'Board history'],
        ['Move to a new link', 'Move to a new link'],
        ['Delete this board', 'Delete this board'],
      ] as const) {
        await openMenu(blair)
        await blair.getByRole('button', { name: item }).click()
        await expect(blair.getByRole('dialog', { name: dialog })).toBeVisible()
        expect(await seriousViolations(blair, 'dialog'), dialog).toEqual([])
        await blair.getByRole('button', { name: 'Close' }).click()
      }
      await openMenu(blair)
      await blair.getByRole('button', { name: 'Guide this talk' }).click()
      await blair.getByRole('group', { name: 'Guide this talk' }).getByRole('button', { name: 'Guided talk' }).click()
      await blair.getByRole('region', { name: 'Facilitation' }).getByRole('button', { name: 'Give the floor to Alex' }).click()
      await expect(blair.getByRole('timer', { name: 'Floor time' })).toBeVisible()
      expect(await seriousViolations(blair, '#board'), 'a guided talk').toEqual([])
      await page.goto('/')
      await expect(page.getByRole('region', { name: 'Your boards' })).toBeVisible()
      expect(await seriousViolations(page), 'start page with Your boards').toEqual([])
    })
  }
})

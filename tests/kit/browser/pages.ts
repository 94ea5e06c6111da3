/**
 * What a person does on a page, by the names the screen gives things (roles
 * and accessible names, never CSS): the e2e specs' and the browser benches'
 * vocabulary.
 */
import { expect, type BrowserContextOptions, type Page } from '@playwright/test'
import type { OpenDevice } from './fixtures.ts'

/** The six lanes, each with the name of its textbox, in the order the board shows them. */
export const LANE_INPUTS = {
  Feelings: 'Add a feeling',
  Needs: 'Add a need',
  Agreements: 'Propose an agreement',
  Questions: 'Ask a question',
  'Appreciations & wins': 'Add an appreciation',
  Concerns: 'Add a concern',
} as const
export type LaneTitle = keyof typeof LANE_INPUTS

/** A phone-sized device (below the 1024 px laptop width, so one lane shows at a time). */
export const PHONE = {
  viewport: { width: 375, height: 667 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
} as const satisfies BrowserContextOptions

export const OFFLINE_LABEL = 'Offline — changes are kept on this device'

export function lane(page: Page, title: LaneTitle) {
  return page.getByRole('region', { name: title, exact: true })
}

export function card(page: Page, text: string) {
  return page.getByRole('article', { name: text, exact: true })
}

export function boardStatus(page: Page) {
  return page.getByRole('status')
}

/** Joins the board open on this page (the join step must be showing). */
export async function joinAs(page: Page, name: string, role: 'Partner' | 'Facilitator' = 'Partner'): Promise<void> {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name)
  await page.getByRole('radio', { name: role, exact: true }).check()
  await page.getByRole('button', { name: 'Join' }).click()
  await expect(page.getByRole('button', { name: 'Invite' })).toBeVisible()
}

/** From the start page to a new board with this person on it; returns the invite link. */
export async function createBoardAndJoin(page: Page, name: string, role: 'Partner' | 'Facilitator' = 'Partner'): Promise<string> {
  await page.goto('/')
  await page.getByRole('button', { name: 'Create a board' }).click()
  await expect(page).toHaveURL(/\/b\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/)
  await joinAs(page, name, role)
  return inviteLink(page)
}

/** The board's invite link is the page's own address, secret included. */
export async function inviteLink(page: Page): Promise<string> {
  return page.url()
}

/** An invite link as a joined device shares it: the board's `link`, its fragment carrying that device's key fingerprint. */
export function sharedFrom(link: string): RegExp {
  const plain = link.replace(/\.[A-Za-z0-9_-]{22}$/, '')
  return new RegExp(`^${plain.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.[A-Za-z0-9_-]{22}$`)
}

/** The phone's lane switcher button for a lane (the switcher is hidden on a laptop). */
export function laneButton(page: Page, title: LaneTitle) {
  return page.getByRole('navigation', { name: 'Lanes' }).getByRole('button', { name: title, exact: true })
}

/**
 * On a phone (one lane at a time), switches to this lane with the Lanes
 * navigation; on a laptop, where every lane shows, does nothing.
 */
export async function showLane(page: Page, title: LaneTitle): Promise<void> {
  const button = laneButton(page, title)
  if (!(await button.isVisible())) return
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click()
  await expect(button).toHaveAttribute('aria-pressed', 'true')
  await expect(lane(page, title)).toBeVisible()
}

/** Opens the app bar's list of people on this screen (a tap elsewhere closes it again). */
export async function openPeople(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: /^People here/ })
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click()
  await expect(page.getByRole('region', { name: 'On this board' })).toBeVisible()
}

/** Opens the app bar's Menu on this screen. */
export async function openMenu(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Menu', exact: true })
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click()
}

/** Writes a private note on this screen (Menu → Private notes → Save note), sees it listed, and closes the sheet. */
export async function savePrivateNote(page: Page, text: string): Promise<void> {
  await openMenu(page)
  await page.getByRole('button', { name: 'Private notes' }).click()
  await page.getByRole('textbox', { name: 'Private note' }).fill(text)
  await page.getByRole('button', { name: 'Save note' }).click()
  await expect(page.getByRole('list', { name: 'Your private notes' })).toContainText(text)
  await page.getByRole('button', { name: 'Close' }).click()
}

/** The list of people with a live connection to the board, on this screen (open it first with openPeople). */
export function hereNow(page: Page) {
  return page.getByRole('region', { name: 'On this board' }).getByRole('list', { name: 'Here now' })
}

/** The list of people who joined the board but are not connected now, on this screen. */
export function away(page: Page) {
  return page.getByRole('region', { name: 'On this board' }).getByRole('list', { name: 'Away' })
}

/** The usual pair: Alex creates the board on this page (a laptop), Blair joins on a phone. */
export async function alexAndBlairOnAPhone(page: Page, openDevice: OpenDevice): Promise<{ link: string; alex: Page; blair: Page }> {
  const link = await createBoardAndJoin(page, 'Alex')
  const blair = await openDevice(PHONE)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  return { link, alex: page, blair }
}

/** Types a card into a lane and places it with Enter (on a phone, switching to the lane first). */
export async function addCard(page: Page, laneTitle: LaneTitle, text: string): Promise<void> {
  await showLane(page, laneTitle)
  const input = lane(page, laneTitle).getByRole('textbox', { name: LANE_INPUTS[laneTitle], exact: true })
  await input.fill(text)
  await input.press('Enter')
  await expect(input).toHaveValue('')
}

/** True when the page is wider than its viewport, i.e. would scroll sideways. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)
}

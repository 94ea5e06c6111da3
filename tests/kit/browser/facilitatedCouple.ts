import type { Page } from '@playwright/test'
import type { OpenDevice } from './fixtures.ts'
import { createBoardAndJoin, joinAs, PHONE } from './pages.ts'

/** A phone of the size most couples hold (390 × 844), with CSP bypassed so axe can run on it. */
export const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 }, bypassCSP: true } as const

/**
 * The session the issue was found in: Dr. Lee makes the board on the
 * laptop given, then Maya and Jordan join from phones of their own.
 */
export async function facilitatedCouple(
  laptop: Page,
  openDevice: OpenDevice,
): Promise<{ link: string; lee: Page; maya: Page; jordan: Page }> {
  const link = await createBoardAndJoin(laptop, 'Dr. Lee', 'Facilitator')
  const [maya, jordan] = [await openDevice(PHONE_390), await openDevice(PHONE_390)]
  for (const [phone, name] of [
    [maya, 'Maya'],
    [jordan, 'Jordan'],
  ] as const) {
    await phone.goto(link)
    await joinAs(phone, name)
  }
  return { link, lee: laptop, maya, jordan }
}

/** Each person opens the link on a phone of their own (390 × 844) and joins as given: their pages, in that order. */
export async function joinOnPhones(
  openDevice: OpenDevice,
  link: string,
  people: readonly (readonly [name: string, role?: 'Partner' | 'Facilitator'])[],
): Promise<Page[]> {
  const phones: Page[] = []
  for (const [name, role] of people) {
    const phone = await openDevice(PHONE_390)
    await phone.goto(link)
    await joinAs(phone, name, role)
    phones.push(phone)
  }
  return phones
}

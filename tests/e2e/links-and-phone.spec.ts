import type { Page } from '@playwright/test'
import { addCard, card, createBoardAndJoin, lane, LANE_INPUTS, type LaneTitle, scrollsSideways } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('a link without its whole secret says it is incomplete, and offers the way back', async ({ page }) => {
  const link = await createBoardAndJoin(page, 'Alex')
  const { pathname, hash } = new URL(link)

  for (const broken of [pathname, `${pathname}#`, `${pathname}${hash.slice(0, 20)}`, `${pathname}#not*base64!`, `/b/too-short${hash}`]) {
    await page.goto(broken)
    await expect(page.getByRole('heading', { name: 'This link is incomplete' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Go to the start page' })).toBeVisible()
    await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveCount(0)
  }
})

/** Every button and text field is at least 44 px tall, a comfortable touch target. */
async function expectTouchSizedControls(page: Page): Promise<void> {
  const controls = page.locator('main, header').getByRole('button').or(page.getByRole('textbox'))
  for (const control of await controls.all()) {
    if (!(await control.isVisible())) continue
    const box = await control.boundingBox()
    expect(box?.height, `height of ${await control.evaluate((element) => element.outerHTML.slice(0, 80))}`).toBeGreaterThanOrEqual(44)
  }
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })

  test('every lane can be reached and written in, without scrolling sideways', async ({ page }) => {
    await page.goto('/')
    expect(await scrollsSideways(page)).toBe(false)
    await expectTouchSizedControls(page)

    await page.getByRole('button', { name: 'Create a board' }).tap()
    await expect(page.getByRole('textbox', { name: 'Your name' })).toBeVisible()
    expect(await scrollsSideways(page)).toBe(false)
    await expectTouchSizedControls(page)
    await page.getByRole('textbox', { name: 'Your name' }).fill('Sam')
    await page.getByRole('button', { name: 'Join' }).tap()

    for (const laneTitle of Object.keys(LANE_INPUTS) as LaneTitle[]) {
      await page.getByRole('navigation', { name: 'Lanes' }).getByRole('button', { name: laneTitle }).tap()
      await expect(lane(page, laneTitle).getByRole('heading', { name: laneTitle })).toBeInViewport()
      const input = lane(page, laneTitle).getByRole('textbox', { name: LANE_INPUTS[laneTitle], exact: true })
      await input.scrollIntoViewIfNeeded()
      await expect(input).toBeInViewport()
      await addCard(page, laneTitle, `From my phone, in ${laneTitle}`)
      await expect(card(page, `From my phone, in ${laneTitle}`)).toContainText('Sam')
    }

    // A long unbroken word (a pasted link, say) wraps instead of widening the page;
    // and the Add button places a card for thumbs that never press Enter.
    const longWord = `https://example.org/${'a-very-long-path'.repeat(12)}`
    await page.getByRole('navigation', { name: 'Lanes' }).getByRole('button', { name: 'Needs' }).tap()
    await lane(page, 'Needs').getByRole('textbox', { name: 'Add a need' }).fill(longWord)
    await lane(page, 'Needs').getByRole('button', { name: 'Add', exact: true }).tap()
    await expect(card(page, longWord)).toBeVisible()
    expect(await scrollsSideways(page)).toBe(false)
    await expectTouchSizedControls(page)
  })
})

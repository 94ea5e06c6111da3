/**
 * The next talk in the calendar (issue 24): scheduled weekly on a phone, seen
 * on the partner's phone naming who set it, added to a calendar as an .ics a
 * real parser reads at the wall-clock time and zone chosen with nothing of
 * the board in it, listed in Your boards, and in the facilitator's week.
 */
import { readFile } from 'node:fs/promises'
import ICAL from 'ical.js'
import type { Page } from '@playwright/test'
import { dailyCheckInsMap } from '../../client/core/dailyCheckIns.ts'
import { NEXT_TALK_KEY, scheduleMap } from '../../client/core/nextTalk.ts'
import { readPeople } from '../../client/core/people.ts'
import { seriousViolations } from '../kit/browser/axe.ts'
import { PHONE_390 } from '../kit/browser/facilitatedCouple.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { addCard, boardStatus, card, createBoardAndJoin, joinAs, lane, openMenu, showLane } from '../kit/browser/pages.ts'
import { writeAsLinkHolder } from '../kit/linkHolder.ts'

const ZONE = 'Europe/Berlin'
const HERE = { locale: 'en-GB', timezoneId: ZONE } as const
const LAPTOP = { viewport: { width: 1280, height: 800 } } as const
test.use({ ...HERE, ...LAPTOP, bypassCSP: true })

const BOARD_NAME = 'Maya & Jordan, Fridays'
const CARD_TEXT = 'I felt unseen at dinner'
const AGREEMENT = 'We put the phones away at dinner'

/** A day `days` from today on Berlin's calendar (YYYY-MM-DD), and its weekday's name. */
function berlinDay(days: number): { date: string; weekday: string; weekdayIndex: number } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now())
  const noon = Date.parse(`${today}T12:00:00Z`) + days * 24 * 60 * 60 * 1000
  const date = new Date(noon).toISOString().slice(0, 10)
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long' }).format(noon)
  return { date, weekday, weekdayIndex: new Date(noon).getUTCDay() }
}

function nextTalkLine(page: Page) {
  return page.getByRole('region', { name: 'Next talk' })
}

async function openScheduleSheet(page: Page) {
  await openMenu(page)
  await page.getByRole('button', { name: 'Schedule the next talk', exact: true }).click()
  const sheet = page.getByRole('dialog', { name: 'The next talk' })
  await expect(sheet).toBeVisible()
  return sheet
}

async function scheduleWeekly(page: Page, date: string, time: string) {
  const sheet = await openScheduleSheet(page)
  await sheet.getByLabel('Day').fill(date)
  await sheet.getByLabel('Time').fill(time)
  await sheet.getByRole('checkbox', { name: 'Every week' }).check()
  await sheet.getByRole('button', { name: /^Save/ }).click()
  return sheet
}

/** Three devices in Berlin: Dr. Lee facilitates from the laptop, Maya and Jordan on phones of their own. */
async function couple(lee: Page, openDevice: (options?: object) => Promise<Page>) {
  const link = await createBoardAndJoin(lee, 'Dr. Lee', 'Facilitator')
  const phones: Page[] = []
  for (const name of ['Maya', 'Jordan']) {
    const phone = await openDevice({ ...PHONE_390, ...HERE })
    await phone.goto(link)
    await joinAs(phone, name)
    phones.push(phone)
  }
  const [maya, jordan] = phones as [Page, Page]
  return { link, maya, jordan }
}

test('Schedule the next talk weekly on a phone: every screen names who set it, the .ics reads right with no board text, Your boards and the week show it', async ({
  page: lee,
  openDevice,
  server,
}) => {
  test.slow()
  const { link, maya, jordan } = await couple(lee, openDevice)
  const talk = berlinDay(3)

  // The board has a name and a card, which must not reach the calendar file.
  await openMenu(lee)
  await lee.getByRole('textbox', { name: 'Board name' }).fill(BOARD_NAME)
  await lee.getByRole('textbox', { name: 'Board name' }).press('Enter')
  await lee.keyboard.press('Escape')
  await addCard(maya, 'Feelings', CARD_TEXT)
  // A weekly agreement on the talk's weekday, agreed by both: due at that talk.
  await showLane(maya, 'Agreements')
  await lane(maya, 'Agreements')
    .getByRole('combobox', { name: 'Repeats' })
    .selectOption({ label: `Every ${talk.weekday}` })
  await addCard(maya, 'Agreements', AGREEMENT)
  await showLane(jordan, 'Agreements')
  await card(jordan, AGREEMENT).getByRole('button', { name: 'Accept' }).click()
  await expect(card(maya, AGREEMENT)).toContainText('Agreed')

  // Maya schedules it, every week, on her phone.
  const sheet = await scheduleWeekly(maya, talk.date, '19:00')
  const said = `Next talk: ${talk.weekday} 19:00, every week`
  await expect(sheet.getByRole('status')).toContainText(said)
  await expect(sheet.getByRole('status')).toContainText('You set it.')
  await expect(sheet).toContainText('Anyone on the board can change or clear it.')
  await expect(sheet.getByRole('region', { name: 'Due at the next talk' })).toContainText(AGREEMENT)
  await sheet.getByRole('button', { name: 'Close' }).click()

  // Every other screen says it, and whose it is.
  for (const screen of [jordan, lee]) {
    await expect(nextTalkLine(screen)).toContainText(said)
    await expect(nextTalkLine(screen)).toContainText('Maya set it.')
    await expect(nextTalkLine(screen)).toContainText(`Due at the next talk: ${AGREEMENT}`)
  }

  // Jordan adds it to a calendar: the file a parser reads at 19:00 Berlin time, weekly, and nothing of the board.
  await nextTalkLine(jordan).getByRole('button', { name: 'Change the next talk' }).click()
  const jordanSheet = jordan.getByRole('dialog', { name: 'The next talk' })
  const download = jordan.waitForEvent('download')
  await jordanSheet.getByRole('button', { name: 'Add to calendar' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('our-talk.ics')
  const text = await readFile((await file.path())!, 'utf8')
  const calendar = new ICAL.Component(ICAL.parse(text))
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!)
  expect(event.startDate.toString()).toBe(`${talk.date}T19:00:00`)
  expect(event.startDate.zone?.tzid).toBe(ZONE)
  expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(ZONE)
  const wall = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' })
  expect(wall.format(event.startDate.toJSDate())).toBe('19:00')
  const rule = event.component.getFirstPropertyValue('rrule') as { freq: string } | null
  expect(rule?.freq).toBe('WEEKLY')
  expect(event.summary).toBe('Our talk')
  const boardId = new URL(link).pathname.split('/').at(-1)!
  for (const secret of [BOARD_NAME, 'Maya', CARD_TEXT, AGREEMENT, boardId, 'http', link.split('#')[1]!]) {
    expect(text).not.toContain(secret)
  }

  // Asked for, the link goes in the description, and the sheet says what that means.
  await jordanSheet.getByRole('checkbox', { name: "Include the board's link" }).check()
  await expect(jordanSheet).toContainText('Anyone who sees the calendar entry could open the board')
  const withLink = jordan.waitForEvent('download')
  await jordanSheet.getByRole('button', { name: 'Add to calendar' }).click()
  const linked = new ICAL.Event(
    new ICAL.Component(ICAL.parse(await readFile((await (await withLink).path())!, 'utf8'))).getFirstSubcomponent('vevent')!,
  )
  expect(linked.description).toContain(`/b/${boardId}#`)
  await jordanSheet.getByRole('button', { name: 'Close' }).click()

  // A daily check-in under Maya's name that no device of hers signed is not counted as hers.
  await writeAsLinkHolder(server.url, link, (doc) => {
    const mayaId = readPeople(doc).find((person) => person.name === 'Maya')!.id
    const day = berlinDay(0).date
    dailyCheckInsMap(doc).set(`${mayaId}:${day}`, { personId: mayaId, day, safety: 5, trust: 5, connection: 5, line: '', at: Date.now() })
  })

  // Your boards on Jordan's phone: the next talk; no week, as Jordan facilitates nothing.
  await expect(boardStatus(jordan)).toHaveText('Saved')
  await jordan.goto('/')
  const yours = jordan.getByRole('region', { name: 'Your boards' })
  await expect(yours).toContainText(`Next talk: ${talk.weekday} 19:00`)
  await expect(jordan.getByRole('heading', { name: 'Your week' })).toHaveCount(0)

  // The facilitator's week, from what the laptop last saw on the board.
  await expect(nextTalkLine(lee)).toContainText(said)
  await lee.goto('/')
  const week = lee.getByRole('region', { name: 'Your week' })
  await expect(week).toContainText(BOARD_NAME)
  await expect(week).toContainText(new RegExp(`Next talk\\s*${talk.weekday} 19:00`))
  await expect(week).toContainText('Maya: no check-in yet')
  await expect(week).toContainText('Jordan: no check-in yet')
  await expect(week).toContainText('1 agreement due')
  await expect(week).toContainText('As of ')
})

test('anyone can change or clear the next talk, and every screen names who did', async ({ page: lee, openDevice }) => {
  test.slow()
  const { maya, jordan } = await couple(lee, openDevice)
  const first = berlinDay(4)
  const sheet = await scheduleWeekly(maya, first.date, '19:00')
  await sheet.getByRole('button', { name: 'Close' }).click()
  await expect(nextTalkLine(jordan)).toContainText('Maya set it.')

  // Jordan moves it to the next day at 18:30, once: Maya's screen says so, and whose it is now.
  const moved = berlinDay(5)
  const jordanSheet = await openScheduleSheet(jordan)
  await jordanSheet.getByLabel('Day').fill(moved.date)
  await jordanSheet.getByLabel('Time').fill('18:30')
  await jordanSheet.getByRole('checkbox', { name: 'Every week' }).uncheck()
  await jordanSheet.getByRole('button', { name: /^Save/ }).click()
  await expect(jordanSheet.getByRole('status')).toContainText('You set it.')
  for (const screen of [maya, lee]) {
    await expect(nextTalkLine(screen)).toContainText(`Next talk: ${moved.weekday} 18:30.`)
    await expect(nextTalkLine(screen)).toContainText('Jordan set it.')
  }

  // And clears it: nothing vanishes silently.
  await jordanSheet.getByRole('button', { name: 'Clear' }).click()
  await expect(jordanSheet.getByRole('status')).toContainText('You cleared the next talk.')
  for (const screen of [maya, lee]) await expect(nextTalkLine(screen)).toHaveText('Jordan cleared the next talk.')

  // Maya sets it again: that is the undo.
  const again = await scheduleWeekly(maya, first.date, '19:00')
  await expect(again.getByRole('status')).toContainText('You set it.')
  await expect(nextTalkLine(jordan)).toContainText('Maya set it.')
})

test('a next talk set under Maya’s name by someone else with the link never names Maya', async ({ page: lee, openDevice, server }) => {
  test.slow()
  const { link, maya, jordan } = await couple(lee, openDevice)
  const day = berlinDay(3)
  await writeAsLinkHolder(server.url, link, (doc) => {
    const mayaId = readPeople(doc).find((person) => person.name === 'Maya')!.id
    scheduleMap(doc).set(NEXT_TALK_KEY, { date: day.date, time: '20:00', timeZone: ZONE, weekly: false, byId: mayaId, at: Date.now() })
  })
  for (const screen of [maya, jordan, lee]) {
    await expect(nextTalkLine(screen)).toContainText(`Next talk: ${day.weekday} 20:00.`)
    await expect(nextTalkLine(screen)).toContainText('It was set before signing, so who set it is not shown.')
    await expect(nextTalkLine(screen)).not.toContainText('Maya set it')
  }
})

test('the schedule sheet and the week have no serious accessibility problems, light and dark, phone and laptop', async ({
  page: lee,
  openDevice,
}) => {
  test.slow()
  const { maya } = await couple(lee, openDevice)
  await scheduleWeekly(maya, berlinDay(2).date, '19:00')
  await expect(nextTalkLine(lee)).toContainText('Maya set it.')
  await maya.getByRole('button', { name: 'Close' }).click()

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [screen, viewport] of [
      [maya, PHONE_390.viewport],
      [lee, LAPTOP.viewport],
    ] as const) {
      await screen.emulateMedia({ colorScheme })
      await screen.setViewportSize(viewport)
      const sheet = await openScheduleSheet(screen)
      await sheet.getByRole('checkbox', { name: "Include the board's link" }).check()
      expect(await seriousViolations(screen), `${colorScheme}, ${viewport.width} px, the sheet`).toEqual([])
      await sheet.getByRole('button', { name: 'Close' }).click()
      expect(await seriousViolations(screen), `${colorScheme}, ${viewport.width} px, the board's line`).toEqual([])
    }
  }

  await expect(boardStatus(lee)).toHaveText('Saved')
  await lee.goto('/')
  await expect(lee.getByRole('region', { name: 'Your week' })).toContainText('Maya: no check-in yet')
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const viewport of [PHONE_390.viewport, LAPTOP.viewport]) {
      await lee.emulateMedia({ colorScheme })
      await lee.setViewportSize(viewport)
      expect(await seriousViolations(lee), `${colorScheme}, ${viewport.width} px, the week`).toEqual([])
    }
  }
})

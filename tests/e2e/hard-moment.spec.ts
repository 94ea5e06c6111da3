/**
 * The methods couples therapists use, on the board: the `After a hard
 * moment` template chosen from `Guide this talk`, its phases on every
 * screen; Imago's `Is there more?` between a listener and a speaker; and
 * `Reflect before replying`, which holds a listener's own card until their
 * reflection of the speaker's card is marked `Heard`. Two phones and the
 * facilitator's laptop.
 */
import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { facilitatedCouple, PHONE_390 } from '../kit/browser/facilitatedCouple.ts'
import { addCard, card, createBoardAndJoin, joinAs, lane, LANE_INPUTS, openMenu, showLane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { writeAsLinkHolder } from '../kit/linkHolder.ts'
import { addCard as placeCard } from '../../client/cards/cards.ts'
import { currentTalkId } from '../../client/core/talks.ts'

// axe is put into the page, which the app's CSP would refuse; the facilitator's laptop is 1280 × 800.
test.use({ bypassCSP: true, viewport: { width: 1280, height: 800 } })

const facilitation = (page: Page) => page.getByRole('region', { name: 'Facilitation' })
const reflections = (page: Page, text: string) => card(page, text).getByRole('list', { name: 'Reflections' }).getByRole('listitem')

/** Menu → Guide this talk → one of the templates, by its title. */
async function guide(page: Page, template: string): Promise<void> {
  await openMenu(page)
  await page.getByRole('button', { name: 'Guide this talk' }).click()
  await page.getByRole('group', { name: 'Guide this talk' }).getByRole('button', { name: template }).click()
}

test('After a hard moment, chosen in Guide this talk, shows its phases on the laptop and both phones, phase by phase', async ({
  page,
  openDevice,
}) => {
  test.slow()
  const { lee, maya, jordan } = await facilitatedCouple(page, openDevice)
  await openMenu(lee)
  await lee.getByRole('button', { name: 'Guide this talk' }).click()
  const chooser = lee.getByRole('group', { name: 'Guide this talk' })
  for (const title of ['Guided talk', 'Weekly check-in', 'After a hard moment']) {
    await expect(chooser.getByRole('button', { name: title, exact: true })).toBeVisible()
  }
  await chooser.getByRole('button', { name: 'After a hard moment' }).click()

  const phases = [
    ['Feelings', 'Name the feelings you had, from the list — no reasons yet.'],
    ['Each of our realities', 'Each of you describes what you saw and heard; both can be true.'],
    ['Triggers', 'What from before made it hit so hard?'],
    ['Taking responsibility', 'What part was yours? Say it plainly.'],
    ['One thing to do differently', 'One thing each of you will do differently next time.'],
  ]
  for (const [index, [title, prompt]] of phases.entries()) {
    if (index > 0) await facilitation(lee).getByRole('button', { name: 'Next phase' }).click()
    for (const screen of [lee, maya, jordan]) {
      await expect(facilitation(screen)).toContainText(`Phase ${index + 1} of 5: ${title}`)
      await expect(facilitation(screen)).toContainText(prompt!)
      await expect(facilitation(screen)).toContainText('set by Dr. Lee')
    }
  }
  // The last phase points the phones to the agreements lane.
  const lanes = maya.getByRole('navigation', { name: 'Lanes' })
  await expect(lanes).toContainText('Now: One thing to do differently')
  await expect(lanes.getByRole('button', { name: 'Go to Agreements' })).toBeVisible()
})

test('Is there more? and Reflect before replying: the listener’s card waits until the speaker marks the reflection Heard', async ({
  page,
  openDevice,
  server,
}) => {
  test.slow()
  const { link, lee, maya, jordan } = await facilitatedCouple(page, openDevice)
  await guide(lee, 'After a hard moment')
  await facilitation(lee).getByRole('checkbox', { name: 'Reflect before replying' }).check()
  for (const screen of [lee, maya, jordan]) {
    await expect(facilitation(screen)).toContainText('Reflect before replying is on, set by')
    await expect(facilitation(screen)).toContainText(screen === lee ? 'set by you' : 'set by Dr. Lee')
  }
  // Only whoever moves the phases sets it: not a partner while the facilitator keeps the phases.
  await expect(facilitation(jordan).getByRole('checkbox', { name: 'Reflect before replying' })).toHaveCount(0)

  const mayas = 'Hurt, and then small'
  await addCard(maya, 'Feelings', mayas)
  await expect(card(jordan, mayas)).toBeVisible()

  // Jordan's own card waits, and the lane says why, calmly.
  await showLane(jordan, 'Feelings')
  const feelings = lane(jordan, 'Feelings')
  await expect(feelings).toContainText("First reflect Maya's card until Maya marks it Heard")
  const add = feelings.getByRole('button', { name: 'Add', exact: true })
  await expect(add).toBeDisabled()
  const input = feelings.getByRole('textbox', { name: LANE_INPUTS.Feelings, exact: true })
  const jordans = 'Defensive, then sorry'
  await input.fill(jordans)
  await input.press('Enter')
  // Refused where it is placed: the words stay in the box, and no card appears anywhere.
  await expect(input).toHaveValue(jordans)
  await expect(card(maya, jordans)).toHaveCount(0)
  await expect(card(lee, jordans)).toHaveCount(0)

  // An older app that knows nothing of the rule places a card in Jordan's name: shown, never hidden, and marked on every screen.
  const early = 'Written by an app that does not know the rule'
  await writeAsLinkHolder(
    server.url,
    link,
    (doc) => {
      const jordanId = [...doc.getMap<{ id: string; name: string }>('people').values()].find((person) => person.name === 'Jordan')!.id
      placeCard(doc, { lane: 'feelings', text: early, authorId: jordanId, createdAt: Date.now(), talkId: currentTalkId(doc, Date.now()) })
    },
    (doc) => [...doc.getMap('facilitation').keys()].some((key) => key.includes(':reflectFirst:')),
  )
  for (const screen of [lee, jordan]) await expect(card(screen, early)).toContainText("added before Maya's card was heard")
  await expect(card(maya, early)).toContainText('added before your card was heard')

  // Jordan reflects, then asks Is there more?
  await card(jordan, mayas).getByRole('button', { name: 'Reflect' }).click()
  await jordan.getByRole('textbox', { name: 'What I hear you saying is…' }).fill('You felt hurt and made small')
  await jordan.getByRole('button', { name: 'Share reflection' }).click()
  await card(jordan, mayas).getByRole('button', { name: 'Is there more?' }).click()
  for (const screen of [maya, jordan, lee]) {
    await expect(reflections(screen, mayas).nth(0)).toContainText('Jordan: Is there more?')
  }
  await expect(card(jordan, mayas).getByRole('button', { name: 'Is there more?' })).toHaveCount(0)
  // Still held: asking is not yet being heard.
  await expect(add).toBeDisabled()

  // Maya adds more, then marks it Heard.
  const more = 'Like my side did not count'
  await card(maya, mayas).getByRole('textbox', { name: 'What more would you like to say?' }).fill(more)
  await card(maya, mayas).getByRole('button', { name: 'Add more' }).click()
  for (const screen of [maya, jordan, lee]) await expect(reflections(screen, mayas).nth(0)).toContainText(`Maya: ${more}`)
  // The listener may ask again; Maya has said what she had to say, and answers.
  await expect(card(jordan, mayas).getByRole('button', { name: 'Is there more?' })).toBeVisible()
  await card(maya, mayas).getByRole('button', { name: 'Heard', exact: true }).click()
  for (const screen of [maya, jordan, lee]) {
    await expect(reflections(screen, mayas).nth(0)).toContainText('Maya: Heard')
    await expect(reflections(screen, mayas).nth(0)).toContainText(more)
  }
  await expect(card(jordan, mayas).getByRole('button', { name: 'Is there more?' })).toHaveCount(0)

  // Heard: Jordan's card can be added now, and shows everywhere without a mark.
  await expect(feelings).not.toContainText('First reflect')
  await expect(add).toBeEnabled()
  await add.click()
  await expect(input).toHaveValue('')
  for (const screen of [maya, lee]) {
    await expect(card(screen, jordans)).toBeVisible()
    await expect(card(screen, jordans)).not.toContainText('added before')
  }

  // Now Maya waits in turn: Jordan's card came in this phase, so hers waits for her reflection of it to be heard.
  await showLane(maya, 'Feelings')
  await expect(lane(maya, 'Feelings')).toContainText("First reflect Jordan's card until Jordan marks it Heard")

  // Turning it off is its undo, named on every screen; nothing waits any more.
  await facilitation(lee).getByRole('checkbox', { name: 'Reflect before replying' }).uncheck()
  for (const screen of [lee, maya, jordan]) {
    await expect(facilitation(screen)).toContainText('Reflect before replying was turned off by')
  }
  await expect(lane(maya, 'Feelings')).not.toContainText('First reflect')
  await addCard(maya, 'Feelings', 'Tired now')
  await expect(card(jordan, 'Tired now')).toBeVisible()
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the template chooser, the loop and the rule notice have no serious accessibility problems, phone and laptop (${colorScheme})`, async ({
    page,
    openDevice,
  }) => {
    test.slow()
    // Maya starts the board on her phone: with no facilitator yet, she may guide it, so her phone shows the chooser.
    const maya = await openDevice({ ...PHONE_390, colorScheme })
    const link = await createBoardAndJoin(maya, 'Maya')
    await openMenu(maya)
    await maya.getByRole('button', { name: 'Guide this talk' }).click()
    await expect(maya.getByRole('group', { name: 'Guide this talk' })).toBeVisible()
    expect(await seriousViolations(maya, '#board-menu'), 'the chooser on a phone').toEqual([])
    await maya.getByRole('button', { name: 'Guide this talk' }).click()
    await maya.getByRole('button', { name: 'Menu', exact: true }).click()

    await page.emulateMedia({ colorScheme })
    await page.goto(link)
    await joinAs(page, 'Dr. Lee', 'Facilitator')
    const jordan = await openDevice({ ...PHONE_390, colorScheme })
    await jordan.goto(link)
    await joinAs(jordan, 'Jordan')
    await openMenu(page)
    await page.getByRole('button', { name: 'Guide this talk' }).click()
    expect(await seriousViolations(page, '#board-menu'), 'the chooser on the laptop').toEqual([])
    await page.getByRole('group', { name: 'Guide this talk' }).getByRole('button', { name: 'After a hard moment' }).click()
    await facilitation(page).getByRole('checkbox', { name: 'Reflect before replying' }).check()

    const mayas = 'Hurt, and then small'
    await addCard(maya, 'Feelings', mayas)
    await showLane(jordan, 'Feelings')
    await expect(lane(jordan, 'Feelings')).toContainText('First reflect')
    expect(await seriousViolations(jordan, '#board'), 'the rule notice and the bar on a phone').toEqual([])
    await expect(facilitation(page)).toContainText('Reflect before replying is on')
    expect(await seriousViolations(page, '#board'), 'the rule notice and the bar on the laptop').toEqual([])

    await card(jordan, mayas).getByRole('button', { name: 'Reflect' }).click()
    await jordan.getByRole('textbox', { name: 'What I hear you saying is…' }).fill('You felt hurt')
    await jordan.getByRole('button', { name: 'Share reflection' }).click()
    await card(jordan, mayas).getByRole('button', { name: 'Is there more?' }).click()
    await expect(card(maya, mayas).getByRole('button', { name: 'Add more' })).toBeVisible()
    expect(await seriousViolations(maya, '#board'), 'the loop, asked, on the speaker’s phone').toEqual([])
    await card(maya, mayas).getByRole('textbox', { name: 'What more would you like to say?' }).fill('And alone')
    await card(maya, mayas).getByRole('button', { name: 'Add more' }).click()
    await expect(reflections(jordan, mayas).nth(0)).toContainText('Maya: And alone')
    expect(await seriousViolations(jordan, '#board'), 'the loop on the listener’s phone').toEqual([])
    await expect(reflections(page, mayas).nth(0)).toContainText('Maya: And alone')
    expect(await seriousViolations(page, '#board'), 'the loop on the laptop').toEqual([])
  })
}

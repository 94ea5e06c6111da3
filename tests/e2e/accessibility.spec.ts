import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, card, createBoardAndJoin, joinAs, lane, LANE_INPUTS, type LaneTitle } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

// axe is injected as an inline script, which the page's CSP (scripts from 'self' only) would refuse.
test.use({ bypassCSP: true })

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the start page, the join step, a board with cards and the pause view have no serious accessibility problems (${colorScheme})`, async ({
    page,
    openDevice,
  }) => {
    // Two browsers, a filled board and four axe runs: more time on a small, busy machine.
    test.slow()
    await page.emulateMedia({ colorScheme })
    await page.goto('/')
    expect(await seriousViolations(page), 'start page').toEqual([])

    const link = await createBoardAndJoin(page, 'Alex')
    // A card in every lane; a feeling with words and an intensity; a recurring agreement one partner accepted.
    const feelings = lane(page, 'Feelings')
    await feelings.getByText('Choose feeling words', { exact: true }).click()
    await feelings.getByRole('searchbox', { name: 'Find a feeling word' }).fill('hurt')
    await feelings.getByRole('button', { name: 'hurt', exact: true }).click()
    await feelings.getByRole('radio', { name: 'Intensity 3 of 5: quite' }).check({ force: true })
    await addCard(page, 'Feelings', 'Hurt, and hoping to be understood')
    await addCard(page, 'Needs', 'Honesty about where you are')
    await lane(page, 'Agreements').getByRole('combobox', { name: 'Repeats' }).selectOption({ label: 'Every Sunday' })
    await addCard(page, 'Agreements', 'A text when plans change')
    // Proposing is accepting: the proposer's yes is already on the card.
    await expect(card(page, 'A text when plans change')).toContainText('Accepted by you.')
    await addCard(page, 'Questions', 'What do you need from me right now?')
    await addCard(page, 'Appreciations & wins', 'Thank you for telling me yourself')
    await addCard(page, 'Concerns', 'I worry that we stop talking again')

    const blair = await openDevice({ colorScheme, bypassCSP: true })
    await blair.goto(link)
    await expect(blair.getByRole('textbox', { name: 'Your name' })).toBeVisible()
    expect(await seriousViolations(blair), 'join step').toEqual([])
    await joinAs(blair, 'Blair', 'Facilitator')
    await expect(blair.getByRole('article', { name: 'A text when plans change' })).toBeVisible()

    // A reflection answered "not quite" with a word, and one waiting for its answer (the author sees the answer form).
    const feeling = 'Hurt, and hoping to be understood'
    await card(blair, feeling).getByRole('button', { name: 'Reflect' }).click()
    await card(blair, feeling).getByRole('textbox', { name: 'What I hear you saying is…' }).fill('You were hurt by how you found out')
    await card(blair, feeling).getByRole('button', { name: 'Share reflection' }).click()
    await card(page, feeling).getByRole('textbox', { name: 'A word with your answer (optional)' }).fill('By the silence, more')
    await card(page, feeling).getByRole('button', { name: 'Not quite', exact: true }).click()
    await card(blair, 'Thank you for telling me yourself').getByRole('button', { name: 'Reflect' }).click()
    await card(blair, 'Thank you for telling me yourself')
      .getByRole('textbox', { name: 'What I hear you saying is…' })
      .fill('It mattered that it came from me')
    await card(blair, 'Thank you for telling me yourself').getByRole('button', { name: 'Share reflection' }).click()
    await expect(card(page, 'Thank you for telling me yourself').getByRole('button', { name: 'Heard', exact: true })).toBeVisible()
    await expect(card(blair, feeling)).toContainText('Not quite')
    for (const title of Object.keys(LANE_INPUTS) as LaneTitle[]) {
      await expect(lane(blair, title).getByRole('article')).toHaveCount(1)
    }
    expect(await seriousViolations(blair), 'board with cards').toEqual([])
    expect(await seriousViolations(page), 'board with cards, as its creator').toEqual([])

    // The pause view, with the breathing guide open: calm must also mean readable.
    await page.getByRole('button', { name: 'Pause', exact: true }).click()
    await expect(blair.getByRole('timer')).toBeVisible()
    await blair.getByRole('button', { name: 'Show a breathing guide' }).click()
    expect(await seriousViolations(blair), 'pause view').toEqual([])
  })
}

import type { Page } from '@playwright/test'
import { addCard, createBoardAndJoin, expect, joinAs, test } from './fixtures.ts'

// axe is injected as an inline script, which the page's CSP (scripts from 'self' only) would refuse.
test.use({ bypassCSP: true })

type AxeResult = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

/** Runs axe-core on the page as it is now; returns the serious and critical violations, summarised. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeResult[] }> } }).axe
    return (await axe.run()).violations
  })
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${JSON.stringify(violation.nodes.map((node) => node.target))}`)
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the start page, the join step and a board with cards have no serious accessibility problems (${colorScheme})`, async ({
    page,
    openDevice,
  }) => {
    await page.emulateMedia({ colorScheme })
    await page.goto('/')
    expect(await seriousViolations(page), 'start page').toEqual([])

    const link = await createBoardAndJoin(page, 'Alex')
    await addCard(page, 'Feelings', 'Hurt, and hoping to be understood')
    await addCard(page, 'Needs', 'Honesty about where you are')
    await addCard(page, 'Agreements', 'A text when plans change')

    const blair = await openDevice({ colorScheme, bypassCSP: true })
    await blair.goto(link)
    await expect(blair.getByRole('textbox', { name: 'Your name' })).toBeVisible()
    expect(await seriousViolations(blair), 'join step').toEqual([])
    await joinAs(blair, 'Blair', 'Facilitator')
    await expect(blair.getByRole('article', { name: 'A text when plans change' })).toBeVisible()
    expect(await seriousViolations(blair), 'board with cards').toEqual([])
    expect(await seriousViolations(page), 'board with cards, as its creator').toEqual([])
  })
}

import type { Page } from '@playwright/test'

type AxeResult = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

/**
 * Runs axe-core on the page as it is now, or on the part of it `within`
 * selects; returns the serious and critical violations, summarised. The
 * page's CSP refuses inline scripts, so the test's context must bypass CSP.
 */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' })
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(context?: unknown): Promise<{ violations: AxeResult[] }> } }).axe
    return (await axe.run(selector === undefined ? document : { include: [selector] })).violations
  }, within)
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    )
}

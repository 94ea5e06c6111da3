/** The crash test's result as the README's table rows. */
import type { CrashReport } from './cycles.ts'

export function crashTable(reports: readonly CrashReport[]): string {
  const rows = reports.map(
    (r) =>
      `| ${r.label} | ${r.passed} / ${r.cycles} | ${r.found} / ${r.acked} | ${r.postgresKills} | ${r.seconds} s | ${r.failures.length === 0 ? 'none' : r.failures.slice(0, 3).join('<br>')} |`,
  )
  return [
    '| store | cycles passed | acked updates found | PostgreSQL killed too | time | failures |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n')
}

/** The crash test's result in Markdown, for docs/reliability.md: a table with a row per store, and the one-line result. */
import type { CrashReport } from '../../tests/kit/crash/cycles.ts'

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

export function crashResult(reports: readonly CrashReport[]): string {
  const sum = (value: (report: CrashReport) => number) => reports.reduce((total, report) => total + value(report), 0)
  const [passed, cycles, found, acked] = [sum((r) => r.passed), sum((r) => r.cycles), sum((r) => r.found), sum((r) => r.acked)]
  const failures = reports.flatMap((report) => report.failures)
  const counted = `${passed.toLocaleString('en')} of ${cycles.toLocaleString('en')} cycles passed`
  if (failures.length > 0) return `${counted}; **${failures.length} failed**, first: ${failures[0]}`
  return `${counted}; ${found.toLocaleString('en')} acknowledged updates${found === acked ? '' : ` of ${acked.toLocaleString('en')}`}, every one found byte for byte, no hole in any board's seqs`
}

/** The fuzz run's summary in Markdown, for docs/reliability.md: a row per property, and the one-line result. */
export type FuzzRow = { property: string; runs: number; seed: number; result: string; seconds: number }

export function fuzzTable(rows: readonly FuzzRow[]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|')
  const lines = [
    '| property | runs | seed | result | time |',
    '|---|---:|---:|---|---:|',
    ...rows.map((row) => `| ${cell(row.property)} | ${row.runs} | ${row.seed} | ${cell(row.result)} | ${row.seconds.toFixed(1)} s |`),
  ]
  return lines.join('\n')
}

export function fuzzResult(rows: readonly FuzzRow[]): string {
  const runs = rows.reduce((sum, row) => sum + row.runs, 0)
  const failed = rows.filter((row) => row.result === 'FAILED').length
  return `${rows.length} properties, ${runs.toLocaleString('en')} runs in all, ${failed === 0 ? 'every one passed' : `**${failed} failed**`} (seeds in the table below)`
}

/** The fuzz run's summary as a Markdown table, for the README. */
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

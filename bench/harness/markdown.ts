/** The bench's tables are Markdown: a row of cells, a ratio of two figures, a latency sample's cells. */
import type { LatencyFigures } from './figures.ts'

export function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

/** `ours ÷ reference`, to two places, or a dash when either is not a number. */
export function ratio(ours: number, reference: number): string {
  return Number.isFinite(ours / reference) ? `${(ours / reference).toFixed(2)}×` : '–'
}

export function latencyCells(figures: LatencyFigures): string[] {
  return [String(figures.samples), figures.p50Ms.toFixed(1), figures.p99Ms.toFixed(1), figures.maxMs.toFixed(1)]
}

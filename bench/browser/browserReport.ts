/** The Chromium measurements in Markdown: pause propagation against the bare-relay floor, and a board lived in for months. */
import { ratio, row, latencyCells } from '../harness/markdown.ts'
import { BIG_BOARD, type BigBoardOpen } from './bigBoardOpen.ts'
import type { PauseLatency } from './pauseLatency.ts'

/** The pause table: press on one screen to pause view on the other, ours against the bare-relay floor. */
export function formatPauseReport(latency: PauseLatency, pauses: number): string {
  const lines = [
    '',
    `Pause propagation, real Chromium, two screens on one board over loopback, ${pauses} pauses:`,
    '',
    row(['path', 'samples', 'p50 (ms)', 'p99 (ms)', 'max (ms)']),
    row(['---', '---:', '---:', '---:', '---:']),
    row(['Pause pressed → pause view on the other screen (ours)', ...latencyCells(latency.ours)]),
    row(['key pressed → message in the other page, bare relay (floor)', ...latencyCells(latency.floor)]),
    '',
    `Ours ÷ floor: p50 ${ratio(latency.ours.p50Ms, latency.floor.p50Ms)}, p99 ${ratio(latency.ours.p99Ms, latency.floor.p99Ms)}.`,
  ]
  return `${lines.join('\n')}\n`
}

/** The big-board table: a board of months opened from the server and from the device, and its longest lane scrolled. */
export function formatBigBoardReport({ fromServerMs, fromDeviceMs, scroll }: BigBoardOpen): string {
  const lines = [
    '',
    `A board lived in for months — ${BIG_BOARD.talks} talks, ${BIG_BOARD.cards.toLocaleString('en')} cards in six lanes — in Chromium at 1366×768, ` +
      'on a device that joined it before (so it opens straight onto the lanes), timed from navigation to every card on screen:',
    '',
    row(['opened', 'time (ms)']),
    row(['---', '---:']),
    row(['from the server (no copy on the device yet)', fromServerMs.toFixed(0)]),
    row(['from the device (IndexedDB), the server away', fromDeviceMs.toFixed(0)]),
    '',
    `Scrolling its longest lane (${scroll.lane}, ${scroll.cards} cards) top to bottom, 200 px a frame: longest main-thread task ` +
      `${scroll.longestTaskMs.toFixed(0)} ms, ${scroll.tasksOver50Ms} task${scroll.tasksOver50Ms === 1 ? '' : 's'} over 50 ms.`,
  ]
  return `${lines.join('\n')}\n`
}

/**
 * Print: the talk's summary alone on the page. It is drawn into
 * #print-root (beside the app in index.html); the print stylesheet in
 * app.css shows only that, so the board and any open sheet stay off paper.
 */
import { mount, unmount } from 'svelte'
import PrintedSummary from './PrintedSummary.svelte'
import type { TalkSummary } from './talkSummary.ts'

export function printSummary(summary: TalkSummary, boardName: string): void {
  const root = document.getElementById('print-root')
  if (root === null) return
  const printed = mount(PrintedSummary, { target: root, props: { summary, boardName } })
  const done = () => {
    void unmount(printed)
    removeEventListener('afterprint', done)
  }
  addEventListener('afterprint', done)
  print()
}

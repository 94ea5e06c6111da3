/** The presence table in Markdown: frames and deliveries per join and per change, by board size, against n and n². */
import { row } from '../harness/markdown.ts'
import type { PresenceFrames } from './presenceFrames.ts'

export function formatPresenceReport(results: readonly PresenceFrames[]): string {
  const lines = [
    '',
    'Presence frames, the real sync client in Node: n−1 people on a board, then the n-th joins; then one changes their presence ' +
      '(as typing and the 15 s renewal do). Frames: presence frames the clients sent (to everyone, or to the newcomer alone); ' +
      'deliveries: the frames the server passed on, each one decrypted by a device.',
    '',
    row(['people (n)', 'join: frames', 'join: deliveries', 'change: frames', 'change: deliveries', 'n²']),
    row(['---:', '---:', '---:', '---:', '---:', '---:']),
    ...results.map(({ people, join, change }) =>
      row([people, join.sent, join.delivered, change.sent, change.delivered, people * people].map(String)),
    ),
  ]
  return `${lines.join('\n')}\n`
}

/**
 * The resume table in Markdown: bytes of the first, full connection against a reconnect that resumes from the
 * last seq held, and against a reload that resumes from the log mirror kept on the device.
 */
import { row } from '../harness/markdown.ts'
import type { ConnectionBytes, ResumeBytes } from './resumeBytes.ts'

export function formatResumeReport({ cards, cardCharacters, fullReplay, resumed, reloaded }: ResumeBytes): string {
  const total = (bytes: ConnectionBytes) => bytes.sent + bytes.received
  const cells = (bytes: ConnectionBytes) => [bytes.sent, bytes.received, total(bytes)].map(String)
  const lines = [
    '',
    `Resume vs full replay, the real sync client in Node: a board of ${cards.toLocaleString('en')} cards of ${cardCharacters} characters, ` +
      'opened on a fresh device, then disconnected and reconnected unchanged, then reloaded (a new client on a new doc over the ' +
      'device’s IndexedDB, which keeps the log mirror and its seq); bytes of WebSocket messages on that connection, ' +
      'hello, pings and presence included:',
    '',
    row(['connection', 'sent (bytes)', 'received (bytes)', 'total (bytes)']),
    row(['---', '---:', '---:', '---:']),
    row(['first open (full replay)', ...cells(fullReplay)]),
    row(['reconnect (resumed from the last seq held)', ...cells(resumed)]),
    row(['reload (resumed from the log mirror kept on the device)', ...cells(reloaded)]),
    '',
    `Resumed ÷ full: ${(total(resumed) / total(fullReplay)).toPrecision(2)}× ` +
      `(the full replay moved ${Math.round(total(fullReplay) / total(resumed))} times as many bytes).`,
    `Reloaded ÷ full: ${(total(reloaded) / total(fullReplay)).toPrecision(2)}× ` +
      `(target: under 0.01×; the full replay moved ${Math.round(total(fullReplay) / total(reloaded))} times as many bytes).`,
  ]
  return `${lines.join('\n')}\n`
}

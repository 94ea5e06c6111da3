/** The soak's figures in Markdown, for docs/reliability.md: its tables and checks, and the one-line result. */
import type { Checkpoint } from './serverCheckpoint.ts'
import { CARDS_KEPT, type SoakCounts } from './soakPerson.ts'

export type SoakFigures = {
  command: string
  minutes: number
  boards: number
  clients: number
  warmUpSeconds: number
  checkpoints: { label: string; at: Checkpoint }[]
  /** The samples taken every 5 s from the warm-up's end until the load stopped. */
  steady: Checkpoint[]
  rssSlopeMiBPerHour: number
  heapSlopeMiBPerHour: number
  /** How long the server took to return to its baseline after everyone left, and after the observers left. */
  settleSeconds: [number, number]
  /** Sockets the clients still held after everyone left (every device ever used). */
  clientSocketsLeftOpen: number
  counts: SoakCounts
  snapshotsBegun: number
  connectionsOpened: number
  unreadable: number
  closedForGood: number
  converged: boolean
  presence: { boards: number; framesHeard: number; othersSeen: number; observersMatched: number }
  verdicts: { label: string; passed: boolean }[]
}

const MIB = 1024 * 1024

export function soakReport(figures: SoakFigures): string {
  const { checkpoints, counts } = figures
  const row = (label: string, cell: (at: Checkpoint) => string) => `| ${label} | ${checkpoints.map(({ at }) => cell(at)).join(' | ')} |`
  const slope = (perHour: number) => (Number.isFinite(perHour) ? `${perHour >= 0 ? '+' : ''}${perHour.toFixed(1)} MiB/h` : 'n/a')
  const { steady } = figures
  const range = (value: (at: Checkpoint) => number, unit = '') =>
    steady.length === 0
      ? 'n/a'
      : `${Math.min(...steady.map(value)).toFixed(unit ? 1 : 0)}–${Math.max(...steady.map(value)).toFixed(unit ? 1 : 0)}${unit}`
  return [
    `\`${figures.command}\` — ${figures.minutes} min, ${figures.boards} boards, ${figures.clients} real sync clients (2–3 a board), real server process, SQLite`,
    '',
    `| Server | ${checkpoints.map(({ label }) => label).join(' | ')} |`,
    `|---|${checkpoints.map(() => '---:').join('|')}|`,
    row('RSS', (at) => `${(at.rssBytes / MIB).toFixed(1)} MiB`),
    row('V8 heap used', (at) => `${(at.heapUsedBytes / MIB).toFixed(1)} MiB`),
    row('TCP connections (established / other)', (at) => `${at.tcp.established} / ${at.tcp.other}`),
    row('Open file descriptors', (at) => String(at.fds)),
    row("Timers (every Timeout, ref'd or not)", (at) => String(at.timers)),
    '',
    `| Over the run | |`,
    `|---|---|`,
    `| RSS slope (least squares over ${steady.length} samples, every 5 s after a ${figures.warmUpSeconds} s warm-up) | ${slope(figures.rssSlopeMiBPerHour)} (range ${range((at) => at.rssBytes / MIB, ' MiB')}) |`,
    `| V8 heap-used slope (same samples) | ${slope(figures.heapSlopeMiBPerHour)} (range ${range((at) => at.heapUsedBytes / MIB, ' MiB')}) |`,
    `| TCP connections / descriptors / timers while loaded (same samples) | ${range((at) => at.tcp.established)} / ${range((at) => at.fds)} / ${range((at) => at.timers)} |`,
    `| Back to the baseline (sockets, descriptors, timers) after everyone left / after the observers left | ${figures.settleSeconds.map((seconds) => `${seconds.toFixed(1)} s`).join(' / ')} |`,
    `| Sockets the clients still held after everyone left (every device ever used, closed tabs too) | ${figures.clientSocketsLeftOpen} |`,
    `| Presence a fresh observer hears after everyone left (${figures.presence.boards} boards) | ${figures.presence.framesHeard} frames, ${figures.presence.othersSeen} other people |`,
    `| Observers that replayed each board exactly as its last clients held it | ${figures.presence.observersMatched} of ${figures.presence.boards} |`,
    `| Clients of each board agree at the end | ${figures.converged ? 'yes' : 'NO'} |`,
    `| Cards added / edited / deleted (boards are tidied past ${CARDS_KEPT} cards) | ${counts.cards} / ${counts.edits} / ${counts.deleted} |`,
    `| Pauses / "ready" said | ${counts.pauses} / ${counts.readies} |`,
    `| Talks started (each asks for a history point) / stored | ${counts.talks} / ${counts.historyPointsStored} |`,
    `| Snapshots posted by clients: for history points, and past the tail threshold | ${figures.snapshotsBegun} (${counts.talks} history points asked) |`,
    `| Typing (presence) changes | ${counts.typing} |`,
    `| Connections lost: closed cleanly / network dropped / tab reopened | ${counts.cleanDrops} / ${counts.droppedNetworks} / ${counts.reopens} |`,
    `| Sockets opened by clients | ${figures.connectionsOpened} |`,
    `| Changes a client could not read / boards refused for good | ${figures.unreadable} / ${figures.closedForGood} |`,
    '',
    ...figures.verdicts.map(({ label, passed }) => `- ${passed ? '✓' : '✗'} ${label}`),
    ...unansweredHistoryPoints(counts),
  ].join('\n')
}

export function soakResult(figures: SoakFigures): string {
  const { counts, steady } = figures
  const slope = (perHour: number) => (Number.isFinite(perHour) ? `${perHour >= 0 ? '+' : '−'}${Math.abs(perHour).toFixed(1)} MiB/h` : 'n/a')
  const range = (value: (at: Checkpoint) => number) =>
    steady.length === 0 ? '' : ` (${Math.min(...steady.map(value)).toFixed(0)}–${Math.max(...steady.map(value)).toFixed(0)} MiB)`
  const failed = figures.verdicts.filter((verdict) => !verdict.passed)
  const checks =
    failed.length === 0
      ? 'every check passed'
      : `**${failed.length} check(s) failed**: ${failed.map((verdict) => verdict.label).join('; ')}`
  return (
    `${figures.minutes} minutes, ${figures.clients} clients, ${(counts.cleanDrops + counts.droppedNetworks).toLocaleString('en')} lost connections ` +
    `and ${counts.reopens.toLocaleString('en')} reopened tabs: ${checks}. V8 heap ${slope(figures.heapSlopeMiBPerHour)}${range((at) => at.heapUsedBytes / MIB)}, ` +
    `RSS ${slope(figures.rssSlopeMiBPerHour)}${range((at) => at.rssBytes / MIB)}`
  )
}

/**
 * History points are not one of the checks: a request is answered only in
 * the tab that made it, and the soak closes tabs at random and stops with
 * requests in flight, so a request it never saw answered is not a lost one.
 */
function unansweredHistoryPoints(counts: SoakCounts): string[] {
  const unanswered = counts.talks - counts.historyPointsStored
  if (unanswered === 0) return []
  return [
    '',
    `${unanswered} of the ${counts.talks} history points asked for were not reported stored by the end. A request is answered only in the tab ` +
      'that made it (client/sync/historyPoints.ts lives as long as its connection), and the soak closes tabs at random and stops with requests ' +
      'in flight; it does not record which tab each request was made in, so it cannot tell these from a history point lost.',
  ]
}

/** The storm's figures in Markdown, for docs/reliability.md: a table with one column per mode, and the one-line result. */
import type { StormResult } from './stormRun.ts'

/** A storm's figures with the RSS bound it is held to (storm.ts says how the bound is set). */
export type JudgedStorm = StormResult & { rssBoundBytes: number }

const MIB = 1024 * 1024

export function stormTable(command: string, boards: number, results: readonly JudgedStorm[], resyncTargetMs: number): string {
  const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never')
  const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`
  const kib = (bytes: number) => (bytes >= MIB ? mib(bytes) : `${(bytes / 1024).toFixed(1)} KiB`)
  const rows: [string, (result: JudgedStorm) => string][] = [
    ['Server down (SIGKILL → listening again)', (r) => seconds(r.downMs)],
    ['… of which starting the new process', (r) => seconds(r.startMs)],
    [
      'Resyncing sockets opened, after listening (10th–90th percentile)',
      (r) => `${seconds(r.resyncOpenedP10Ms)} – ${seconds(r.resyncOpenedP90Ms)}`,
    ],
    ['Listening → first client replayed', (r) => seconds(r.firstReplayDoneMs)],
    [
      `Listening → every client replayed (target ≤ ${seconds(resyncTargetMs)} when resuming)`,
      (r) => `${seconds(r.allReplayDoneMs)}${r.mode === 'resume' ? (r.allReplayDoneMs <= resyncTargetMs ? ' ✓' : ' ✗') : ''}`,
    ],
    ['Listening → every client caught up and saved', (r) => seconds(r.allSavedMs)],
    ['Sockets opened by clients (refused ones too)', (r) => r.connectionAttempts.toLocaleString('en')],
    ['Received up to replayDone, all clients', (r) => kib(r.resyncBytes)],
    ['Received per client up to replayDone', (r) => `${Math.round(r.resyncBytes / r.clients).toLocaleString('en')} B`],
    ['Received in the whole window (incl. presence, clock)', (r) => kib(r.windowReceivedBytes)],
    ['Sent by clients in the window', (r) => kib(r.windowSentBytes)],
    ['Server RSS before the kill (same clients, quiet)', (r) => mib(r.rssBeforeKillBytes)],
    ['Bound: RSS before the kill + 32 MiB + 4 × bytes replayed', (r) => mib(r.rssBoundBytes)],
    [
      'Server peak RSS during the storm (VmHWM, and /proc every 100 ms)',
      (r) => `${mib(r.peakRssBytes)} ${r.peakRssBytes <= r.rssBoundBytes ? '✓' : '✗'}`,
    ],
    ['CPU: new server process (its start included)', (r) => `${r.serverCpuSeconds.toFixed(1)} s`],
    ['CPU: every client (one process, on the same 2 cores)', (r) => `${r.clientCpuSeconds.toFixed(1)} s`],
    ["Longest stall of the clients' event loop", (r) => `${Math.round(r.clientLoopDelayMaxMs)} ms`],
    ['Every client holds its whole board afterwards', (r) => (r.intact ? 'yes' : 'NO')],
  ]
  const clients = results[0]?.clients ?? 0
  return [
    `\`${command}\` — ${clients.toLocaleString('en')} real sync clients on ${boards.toLocaleString('en')} boards, server SIGKILLed and restarted (SQLite)`,
    '',
    `| | ${results.map((result) => (result.mode === 'resume' ? 'Resume from seq' : 'Full replay (knownSeq 0)')).join(' | ')} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
    ...rows.map(([label, cell]) => `| ${label} | ${results.map(cell).join(' | ')} |`),
  ].join('\n')
}

export function stormResult(boards: number, results: readonly JudgedStorm[], resyncTargetMs: number): string {
  const resume = results.find((result) => result.mode === 'resume')
  const full = results.find((result) => result.mode === 'full replay')
  if (resume === undefined) return 'no resume storm was run'
  const kib = (bytes: number) => (bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`)
  const within = resume.allReplayDoneMs <= resyncTargetMs ? '' : ' **past its target**'
  const bytes =
    full === undefined ? '' : `; ${kib(resume.resyncBytes)} moved resuming from seq against ${kib(full.resyncBytes)} for a full replay`
  const rss = results.every((result) => result.peakRssBytes <= result.rssBoundBytes)
    ? `peak RSS ${(resume.peakRssBytes / MIB).toFixed(0)} MiB within its ${(resume.rssBoundBytes / MIB).toFixed(0)} MiB bound`
    : '**peak RSS past its bound**'
  const intact = results.every((result) => result.intact) ? '' : '; **a client lost part of its board**'
  return (
    `${resume.clients.toLocaleString('en')} clients on ${boards.toLocaleString('en')} boards, with jittered back-off, resynced ` +
    `${(resume.allReplayDoneMs / 1000).toFixed(1)} s after a SIGKILLed server listened again (target ${resyncTargetMs / 1000} s)${within}${bytes}; ${rss}${intact}`
  )
}

/**
 * The reference comparison in Markdown, for docs/benchmarks.md: when and
 * where, one table per scenario (ours, @y/websocket-server, Hocuspocus),
 * then the issue's targets as ratios to @y/websocket-server and whether each
 * is met. The same figures go to bench/results/latest.json.
 */
import fs from 'node:fs'
import type { ColdOpenResult } from './coldOpen.ts'
import type { IdleResult } from './idleBoards.ts'
import type { ServerName } from './loadClients/loadClient.ts'
import { describeMachine, utcMinute } from '../../tests/kit/measuredDoc.ts'
import type { LiveFigures } from './referenceFigures.ts'
import type { Outcome, ReferenceResults } from './referenceRun.ts'
import { checkTargets, perServerFigures, type TargetCheck } from './referenceTargets.ts'

const SERVERS: ServerName[] = ['ours', 'y-websocket-server', 'hocuspocus']
const MIB = 2 ** 20

export function formatReferenceReport(results: ReferenceResults): string {
  const live = results.live[0]?.shape as { warmUpMs: number; measureMs: number; graceMs: number } | undefined
  const lines = [
    '',
    `Taken ${utcMinute(results.startedAt)} on ${describeMachine()}, load average ${results.loadAverageAtStart.toFixed(2)} ` +
      `when it started; ${Math.round(results.elapsedSeconds)} s in all. ` +
      (results.pinned
        ? 'Each server pinned to core 0 (taskset), the load generator to core 1. '
        : 'Nothing pinned (no taskset, or one core). ') +
      'A fresh server process per scenario and run; the references keep documents in memory, ours writes its SQLite log with synchronous=FULL.',
    (live
      ? `Scenarios (a)–(c): ${live.measureMs / 1000} s measured after a ${live.warmUpMs / 1000} s warm-up, ${results.runs > 1 ? `medians of ${results.runs} runs` : 'one run'}; `
      : '') +
      'each person writes real Yjs updates (about 150 characters appended to a Y.Text); ours seals the same bytes with AES-256-GCM. ' +
      `Delivery: from send to arrival at every other person of the board; a delivery not arrived ${live ? live.graceMs / 1000 : 3} s after the last send is lost. ` +
      'Server CPU: utime+stime from /proc over the measured window, per update sent in it.',
    '',
  ]
  for (const scenario of results.live) {
    lines.push(`**(${scenario.id}) ${scenario.title}**`, '', ...liveTable(results, perServerFigures(scenario.byServer)), '')
  }
  if (results.coldOpen !== null)
    lines.push(...coldOpenTable(results, results.coldOpen.shape as { edits: number; opens: number }, results.coldOpen.byServer))
  if (results.idle !== null)
    lines.push(...idleTable(results, results.idle.shape as { boards: number; editsPerPerson: number }, results.idle.byServer))
  lines.push(...targetTable(checkTargets(results)))
  return `${lines.join('\n')}\n`
}

export function writeReferenceJson(results: ReferenceResults, file: URL): void {
  fs.mkdirSync(new URL('.', file), { recursive: true })
  // Each scenario's medians beside its runs, so a reader of the JSON need not recompute them.
  const live = results.live.map((scenario) => ({ ...scenario, medians: perServerFigures(scenario.byServer) }))
  const json = { machine: describeMachine(), ...results, live, targets: checkTargets(results) }
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`)
}

function liveTable(results: ReferenceResults, figures: Record<ServerName, LiveFigures>): string[] {
  const rows = SERVERS.map((server) => {
    const f = figures[server]
    if (f.runs === 0) return row([results.servers[server], `failed: ${f.errors[0] ?? 'no run'}`, '', '', '', '', '', '', '', ''])
    return row([
      results.servers[server] + (f.errors.length > 0 ? ` (${f.errors.length} run(s) failed: ${f.errors[0]})` : ''),
      [f.deliveryP50Ms, f.deliveryP95Ms, f.deliveryP99Ms, f.deliveryMaxMs].map((ms) => ms.toFixed(1)).join(' / '),
      `${f.lostDeliveries} / ${f.expectedDeliveries}` + (f.droppedSockets > 0 ? `, ${f.droppedSockets} sockets dropped` : ''),
      f.connectP99Ms.toFixed(0),
      f.ackP50Ms === null ? '–' : `${f.ackP50Ms.toFixed(1)} / ${f.ackP99Ms!.toFixed(1)}`,
      f.unacked === null ? '–' : String(f.unacked),
      f.serverCpuSeconds.toFixed(2),
      f.serverCpuPerUpdateUs.toFixed(0),
      (f.peakRssBytes / MIB).toFixed(0),
      `${(f.generatorCpuShare * 100).toFixed(0)}%, ${f.generatorMaxLagMs.toFixed(0)} ms` + (f.generatorSaturated ? ' **saturated**' : ''),
    ])
  })
  return [
    row([
      'server',
      'delivery p50 / p95 / p99 / max (ms)',
      'lost / expected',
      'connect+sync p99 (ms)',
      'ack p50 / p99 (ms)',
      'unacked',
      'server CPU (s)',
      'CPU per update (µs)',
      'peak RSS (MiB)',
      'generator CPU, max lag',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...rows,
  ]
}

function coldOpenTable(
  results: ReferenceResults,
  shape: { edits: number; opens: number },
  byServer: Record<ServerName, Outcome<ColdOpenResult>>,
): string[] {
  const snapshotAfter = SERVERS.map((server) => byServer[server]).find((o) => o.ok && o.value.snapshotAfterEdit !== null)
  const snapshotNote = snapshotAfter?.ok
    ? ` Ours holds it as our client leaves it: a snapshot posted after edit ${snapshotAfter.value.snapshotAfterEdit}, then the tail.`
    : ''
  return [
    `**(d) A fresh device opens a board of ${shape.edits.toLocaleString('en')} edits**, ${shape.opens} opens one after another, from creating the socket to holding the board ` +
      `(ours: replayDone; the Yjs servers: their SyncStep2); decrypting and applying are the device's work and not timed.${snapshotNote}`,
    '',
    row(['server', 'cold open p50 (ms)', 'p95 (ms)', 'max (ms)', 'peak RSS (MiB)']),
    row(['---', '---:', '---:', '---:', '---:']),
    ...SERVERS.map((server) => {
      const outcome = byServer[server]
      if (!outcome.ok) return row([results.servers[server], `failed: ${outcome.error}`, '', '', ''])
      const { open, peakRssBytes } = outcome.value
      return row([
        results.servers[server],
        open.p50Ms.toFixed(1),
        open.p95Ms.toFixed(1),
        open.maxMs.toFixed(1),
        (peakRssBytes / MIB).toFixed(0),
      ])
    }),
    '',
  ]
}

function idleTable(
  results: ReferenceResults,
  shape: { boards: number; editsPerPerson: number },
  byServer: Record<ServerName, Outcome<IdleResult>>,
): string[] {
  return [
    `**(e) ${shape.boards.toLocaleString('en')} idle boards × 2 people**, each person having written ${shape.editsPerPerson} edits, then quiet; ` +
      "RSS with every board open, less the fresh server's RSS, per board.",
    '',
    row(['server', 'RSS at start (MiB)', 'RSS with the boards (MiB)', 'per idle board (KiB)', 'peak RSS (MiB)', 'connect+sync p99 (ms)']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    ...SERVERS.map((server) => {
      const outcome = byServer[server]
      if (!outcome.ok) return row([results.servers[server], `failed: ${outcome.error}`, '', '', '', ''])
      const r = outcome.value
      return row([
        results.servers[server] + (r.droppedSockets > 0 ? ` (${r.droppedSockets} sockets dropped)` : ''),
        (r.rssAtStartBytes / MIB).toFixed(0),
        (r.rssWithBoardsBytes / MIB).toFixed(0),
        (r.rssPerBoardBytes / 1024).toFixed(1),
        (r.peakRssBytes / MIB).toFixed(0),
        r.connect.p99Ms.toFixed(0),
      ])
    }),
    '',
  ]
}

function targetTable(checks: readonly TargetCheck[]): string[] {
  // One decimal below 100, so a value beside a bound such as "< 15 ms" is never rounded across it.
  const value = (n: number | null, unit: string) =>
    n === null || !Number.isFinite(n) ? '–' : `${n < 100 && n !== Math.round(n) ? n.toFixed(1) : n.toFixed(0)}${unit ? ` ${unit}` : ''}`
  const ratio = (ours: number | null, reference: number | null) =>
    ours === null || reference === null || !Number.isFinite(ours / reference) ? '–' : `${(ours / reference).toFixed(2)}×`
  return [
    '**Targets** (ratios to @y/websocket-server in the same run; Hocuspocus for context):',
    '',
    row(['target', 'scenario', 'ours', 'y-websocket-server', 'ours ÷ y-ws', 'hocuspocus', 'ours ÷ hocuspocus', 'bound', 'met']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---', '---']),
    ...checks.map((c) =>
      row([
        c.target,
        c.scenario,
        value(c.ours, c.unit),
        value(c.yWebsocket, c.unit),
        ratio(c.ours, c.yWebsocket),
        value(c.hocuspocus, c.unit),
        ratio(c.ours, c.hocuspocus),
        c.bound,
        (c.met === null ? '–' : c.met ? 'yes' : '**no**') + (c.generatorSaturated ? ' (generator saturated: not the server’s figure)' : ''),
      ]),
    ),
    '',
  ]
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

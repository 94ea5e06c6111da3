/**
 * The targets, checked against one run: each as ours ÷
 * @y/websocket-server in the same run (or an absolute bound), with
 * Hocuspocus beside it for context. A figure from a run whose generator was
 * saturated is marked: it measures the generator, not the server.
 */
import type { ColdOpenResult } from './coldOpen.ts'
import type { IdleResult } from './idleBoards.ts'
import type { LiveResult } from './liveLoad.ts'
import type { ServerName } from './loadClients/loadClient.ts'
import { liveFigures, type LiveFigures } from './referenceFigures.ts'
import type { LiveScenarioId } from './referenceScenarios.ts'
import type { Outcome, ReferenceResults } from './referenceRun.ts'

export type TargetCheck = {
  target: string
  scenario: string
  unit: string
  ours: number | null
  yWebsocket: number | null
  hocuspocus: number | null
  /** "ratio ≤ 1.2", "< 15 ms", "= 0" */
  bound: string
  met: boolean | null
  generatorSaturated: boolean
}

type Bound = { kind: 'ratio'; max: number } | { kind: 'below'; limit: number } | { kind: 'zero' }

export function checkTargets(results: ReferenceResults): TargetCheck[] {
  const live = new Map(results.live.map((scenario) => [scenario.id, perServerFigures(scenario.byServer)]))
  const checks: TargetCheck[] = []
  const liveCheck = (target: string, id: LiveScenarioId, unit: string, value: (f: LiveFigures) => number | null, bound: Bound) => {
    const figures = live.get(id)
    if (figures === undefined) return
    const pick = (server: ServerName) => (figures[server].runs > 0 ? value(figures[server]) : null)
    const saturated = Object.values(figures).some((f) => f.generatorSaturated)
    checks.push(check(target, `(${id})`, unit, pick('ours'), pick('y-websocket-server'), pick('hocuspocus'), bound, saturated))
  }
  for (const id of ['a', 'b'] as const)
    liveCheck('Server CPU per update', id, 'µs', (f) => f.serverCpuPerUpdateUs, { kind: 'ratio', max: 1.2 })
  for (const id of ['a', 'b', 'c'] as const) liveCheck('Delivery p99', id, 'ms', (f) => f.deliveryP99Ms, { kind: 'ratio', max: 1.5 })
  for (const id of ['a', 'b'] as const) liveCheck('Ack p99 (ours)', id, 'ms', (f) => f.ackP99Ms, { kind: 'below', limit: 15 })
  if (results.coldOpen !== null) {
    const open = (server: ServerName) => valueOf(results.coldOpen!.byServer[server], (r: ColdOpenResult) => r.open.p50Ms)
    checks.push(
      check(
        'Cold open, median',
        '(d)',
        'ms',
        open('ours'),
        open('y-websocket-server'),
        open('hocuspocus'),
        { kind: 'ratio', max: 1.5 },
        false,
      ),
    )
  }
  liveCheck('Connect+sync p99', 'c', 'ms', (f) => f.connectP99Ms, { kind: 'ratio', max: 2 })
  if (results.idle !== null) {
    const perBoard = (server: ServerName) => valueOf(results.idle!.byServer[server], (r: IdleResult) => r.rssPerBoardBytes / 1024)
    checks.push(
      check(
        'RSS per idle board',
        '(e)',
        'KiB',
        perBoard('ours'),
        perBoard('y-websocket-server'),
        perBoard('hocuspocus'),
        { kind: 'ratio', max: 0.1 },
        false,
      ),
    )
  }
  const allLive = [...live.values()]
  const lost = (server: ServerName) => allLive.reduce((sum, figures) => sum + figures[server].lostDeliveries, 0)
  checks.push(
    check(
      'Lost deliveries, every run',
      '(a)–(c)',
      '',
      lost('ours'),
      lost('y-websocket-server'),
      lost('hocuspocus'),
      { kind: 'zero' },
      false,
      true,
    ),
  )
  const unacked = allLive.reduce((sum, figures) => sum + (figures.ours.unacked ?? 0), 0)
  checks.push(check('Unacked updates at the end (ours)', '(a)–(c)', '', unacked, null, null, { kind: 'zero' }, false))
  return checks
}

export function perServerFigures(byServer: Record<ServerName, Outcome<LiveResult>[]>): Record<ServerName, LiveFigures> {
  return {
    ours: liveFigures(byServer.ours),
    'y-websocket-server': liveFigures(byServer['y-websocket-server']),
    hocuspocus: liveFigures(byServer.hocuspocus),
  }
}

function check(
  target: string,
  scenario: string,
  unit: string,
  ours: number | null,
  yWebsocket: number | null,
  hocuspocus: number | null,
  bound: Bound,
  generatorSaturated: boolean,
  everyServer = false,
): TargetCheck {
  let met: boolean | null = null
  let boundText: string
  if (bound.kind === 'ratio') {
    boundText = `ours ÷ y-websocket-server ≤ ${bound.max}×`
    if (ours !== null && yWebsocket !== null && Number.isFinite(ours / yWebsocket)) met = ours / yWebsocket <= bound.max
  } else if (bound.kind === 'below') {
    boundText = `< ${bound.limit} ${unit}`
    if (ours !== null && Number.isFinite(ours)) met = ours < bound.limit
  } else {
    boundText = everyServer ? '0 for every server' : '0'
    if (ours !== null) met = ours === 0 && (!everyServer || (yWebsocket === 0 && hocuspocus === 0))
  }
  return { target, scenario, unit, ours, yWebsocket, hocuspocus, bound: boundText, met, generatorSaturated }
}

function valueOf<T>(outcome: Outcome<T>, value: (result: T) => number): number | null {
  return outcome.ok ? value(outcome.value) : null
}

/** The signing table: the same board signed and unsigned, opened and reloaded in Chromium, and the relay's CPU per update. */
import os from 'node:os'
import { BIG_BOARD } from '../browser/bigBoardOpen.ts'
import { ratio, row } from '../harness/markdown.ts'
import { ENVELOPE_BYTES, type RelayPerUpdate, type RelayRun } from './relayPerUpdate.ts'
import type { OpenTimes, SignedBoardOpen } from './signedBoardOpen.ts'

/** The targets the issue sets: a cold open within 1.3× of the unsigned board's, a reload within 1.1×, the relay's work per update unchanged. */
const TARGETS = { cold: 1.3, reload: 1.1 }

export function formatSigningReport(open: SignedBoardOpen, relay: RelayPerUpdate): string {
  const cold = (runs: OpenTimes[]) => median(runs.map((run) => run.coldMs))
  const reload = (runs: OpenTimes[]) => median(runs.map((run) => run.reloadMs))
  const cpuPerUpdateUs = (runs: RelayRun[]) => median(runs.map((run) => (run.cpuSeconds / run.updates) * 1e6))
  const timePerUpdateUs = (runs: RelayRun[]) => median(runs.map((run) => (run.elapsedMs / run.updates) * 1e3))
  const { shape } = relay
  const lines = [
    '',
    `What signing costs. The board above (${BIG_BOARD.cards.toLocaleString('en')} cards), once with every card signed by its author's ` +
      'device (a `card` claim in each card, both devices registered on the board) and once unsigned, in Chromium at 1366×768 on a ' +
      'device that joined it before; timed from navigation to every card on screen with its verdict settled (every signed card’s signature ' +
      `verified), medians of ${open.rounds} rounds, the two boards taking turns, each round in a fresh browser profile:`,
    '',
    row(['opened', 'unsigned (ms)', 'signed (ms)', 'signed ÷ unsigned', 'target']),
    row(['---', '---:', '---:', '---:', '---:']),
    row([
      'cold: from the server, nothing verified yet',
      cold(open.unsigned).toFixed(0),
      cold(open.signed).toFixed(0),
      ratio(cold(open.signed), cold(open.unsigned)),
      `≤ ${TARGETS.cold}×`,
    ]),
    row([
      'reload: the device’s copy and the verdicts it remembers',
      reload(open.unsigned).toFixed(0),
      reload(open.signed).toFixed(0),
      ratio(reload(open.signed), reload(open.unsigned)),
      `≤ ${TARGETS.reload}×`,
    ]),
    '',
    `Taken ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${os.loadavg()[0]!.toFixed(1)} at the end: ` +
      'on a machine shared with other work the times swing by half between rounds, so only a ratio well past its target means much.',
    '',
    `The relay cannot verify (it holds no key) and only stores and fans out sealed frames: the same workload ` +
      `(${shape.boards} boards × ${shape.framesPerBoard} updates of 100–300 sealed bytes, a writer and a listener each), plain and with ` +
      `every frame ${ENVELOPE_BYTES} bytes larger as a signed envelope makes it, medians of ${relay.plain.length} rounds taking turns:`,
    '',
    row(['per update', 'plain', 'signed envelope', 'signed ÷ plain']),
    row(['---', '---:', '---:', '---:']),
    row([
      'server CPU (µs)',
      cpuPerUpdateUs(relay.plain).toFixed(1),
      cpuPerUpdateUs(relay.signed).toFixed(1),
      ratio(cpuPerUpdateUs(relay.signed), cpuPerUpdateUs(relay.plain)),
    ]),
    row([
      'time, first push to last ack (µs)',
      timePerUpdateUs(relay.plain).toFixed(1),
      timePerUpdateUs(relay.signed).toFixed(1),
      ratio(timePerUpdateUs(relay.signed), timePerUpdateUs(relay.plain)),
    ]),
  ]
  return `${lines.join('\n')}\n`
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

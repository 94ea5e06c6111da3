/**
 * One run of the system-call proof that acks follow fsyncs: start a server
 * under strace in a fresh data dir, push updates at it for a while, stop
 * it, and check the trace (checkAckOrder.ts has the rule). The acks found
 * in the trace must also be exactly the ones the sockets received, so a
 * trace that missed a socket write cannot pass.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { checkAckOrder, type AckOrderReport } from './checkAckOrder.ts'
import { pushUpdates, type LoadOptions } from './pushLoad.ts'
import { serverFramesSent } from './sentFrames.ts'
import { parseStraceOutput } from './straceLines.ts'
import { assertStraceWorks, startTracedServer } from './tracedServer.ts'

export type AckOrderRun = AckOrderReport & {
  /** Updates pushed, and acks the sockets received. */
  pushed: number
  ackedBySockets: number
  traceBytes: number
  /** What the server wrote to stderr. */
  serverLog: string
}

/** What node runs for the real server, from its sources. */
export const REAL_SERVER = ['--import', 'tsx', 'server/index.ts']
export const DEFAULT_LOAD: LoadOptions = { boards: 2, socketsPerBoard: 2, inFlight: 8, durationMs: 1500 }

export async function traceAckOrder(
  entry: readonly string[] = REAL_SERVER,
  env: Record<string, string> = {},
  load: LoadOptions = DEFAULT_LOAD,
): Promise<AckOrderRun> {
  assertStraceWorks()
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'common-ground-fsync-'))
  try {
    const traceFile = path.join(dir, 'strace.txt')
    const dataDir = path.join(dir, 'data')
    const server = await startTracedServer(
      entry,
      { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, STATIC_DIR: path.join(dir, 'no-client-here'), ...env },
      traceFile,
    )
    let serverLog: string
    let result
    try {
      result = await pushUpdates(server, load)
      serverLog = await server.stop()
    } finally {
      server.kill()
    }
    const trace = await fs.readFile(traceFile, 'utf8')
    const calls = parseStraceOutput(trace)
    const sent = serverFramesSent(calls)
    const report = checkAckOrder(calls, sent, result.pushed)
    const traced = sent.flatMap(({ frame }) => (frame.tag === 'ack' ? [frame] : []))
    const unmatched = traced.filter((ack) => result.acked.get(ack.ref) !== ack.seq)
    if (traced.length !== result.acked.size || unmatched.length > 0) {
      report.violations.unshift(
        `the trace shows ${traced.length} acks (${unmatched.length} not as received) but the sockets received ${result.acked.size}`,
      )
    }
    return { ...report, pushed: result.pushed.size, ackedBySockets: result.acked.size, traceBytes: Buffer.byteLength(trace), serverLog }
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

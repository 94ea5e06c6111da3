/**
 * Server and load generator on separate cores, so a generator that is busy
 * does not slow the server it measures (and the other way round): the server
 * is started through `taskset -c 0`, the generator moves itself to core 1.
 * Without taskset, or with one core, nothing is pinned and the report says so.
 */
import { execFileSync } from 'node:child_process'
import os from 'node:os'

export const SERVER_CPU = 0
export const GENERATOR_CPU = 1

export const canPin: boolean = os.cpus().length > GENERATOR_CPU && tasksetWorks()

/** The command line that starts `argv` on the server's core, when pinning is possible. */
export function onServerCpu(argv: readonly string[]): string[] {
  return canPin ? ['taskset', '-c', String(SERVER_CPU), ...argv] : [...argv]
}

/** Moves every thread of this process to the generator's core; the returned function moves them back. */
export function pinThisProcessToGeneratorCpu(): () => void {
  if (!canPin) return () => {}
  const before = affinityOf(process.pid)
  setAffinity(process.pid, String(GENERATOR_CPU))
  return () => setAffinity(process.pid, before)
}

function tasksetWorks(): boolean {
  try {
    affinityOf(process.pid)
    return true
  } catch {
    return false
  }
}

/** `taskset -cp PID` prints "pid N's current affinity list: 0,1". */
function affinityOf(pid: number): string {
  const output = execFileSync('taskset', ['-cp', String(pid)], { encoding: 'utf8' })
  return output.slice(output.lastIndexOf(':') + 1).trim()
}

/** -a: every thread, libuv's pool (where WebCrypto seals) included. */
function setAffinity(pid: number, cpuList: string): void {
  execFileSync('taskset', ['-a', '-cp', cpuList, String(pid)], { stdio: 'ignore' })
}

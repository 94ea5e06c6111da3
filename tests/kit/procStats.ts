/**
 * A server process as the kernel sees it: CPU time (all its threads) from
 * /proc/<pid>/stat, resident and peak resident memory from
 * /proc/<pid>/status. Read from outside, so every server is measured the
 * same way whatever it runs.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

const CLOCK_TICKS_PER_SECOND = readClockTicks()

/** User plus system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces, so fields are counted from after its closing parenthesis: that is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const userTicks = Number(fields[14 - 3])
  const systemTicks = Number(fields[15 - 3])
  return (userTicks + systemTicks) / CLOCK_TICKS_PER_SECOND
}

export type Memory = { rssBytes: number; peakRssBytes: number }

export function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rssBytes: kib('VmRSS') * 1024, peakRssBytes: kib('VmHWM') * 1024 }
}

function readClockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
}

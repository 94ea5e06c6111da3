/**
 * The talk's timers on the server clock, like the pause: how long the talk
 * has gone on and how much of the speaking turn is left, with the time
 * spent paused taken out, so both stand still during a pause and every
 * screen shows the same.
 */
import type { PauseRecord } from '../../shared/schema.ts'

/** How long a pause stopped the clocks: until the talk resumed, or (still on) until now. */
function pausedSpan(pause: PauseRecord, now: number): [number, number] {
  const end = pause.resumedAt ?? (pause.startedAt + pause.minutes * 60_000 > now ? now : pause.startedAt + pause.minutes * 60_000)
  return [pause.startedAt, Math.min(end, now)]
}

/** Milliseconds of pause between `from` and `now`; the pause on now (`activePauseId`) counts up to now. */
export function pausedBetween(pauses: readonly PauseRecord[], from: number, now: number, activePauseId: string | null): number {
  let total = 0
  for (const pause of pauses) {
    const [start, end] = pause.id === activePauseId ? [pause.startedAt, now] : pausedSpan(pause, now)
    total += Math.max(0, Math.min(end, now) - Math.max(start, from))
  }
  return total
}

/** The talk's running time, pauses left out. */
export function talkElapsed(
  startedAt: number,
  endedAt: number | undefined,
  pauses: readonly PauseRecord[],
  now: number,
  activePauseId: string | null,
): number {
  const to = Math.min(now, endedAt ?? now)
  return Math.max(0, to - startedAt - pausedBetween(pauses, startedAt, to, activePauseId))
}

/** What is left of the speaking turn, pauses left out; 0 once it is up. */
export function floorRemaining(
  floor: { since: number; ms: number },
  pauses: readonly PauseRecord[],
  now: number,
  activePauseId: string | null,
): number {
  return Math.max(0, floor.ms - (now - floor.since - pausedBetween(pauses, floor.since, now, activePauseId)))
}

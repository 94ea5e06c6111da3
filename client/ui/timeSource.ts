import { createContext } from 'svelte'

/**
 * The clock a timer reads: the board's estimate of the server's time, so
 * every screen's countdown agrees. The shell provides it (the session's
 * clock); ui/ only knows its shape, so this folder imports nothing of the app.
 */
export type TimeSource = {
  now(): number
  /** Calls `listener` when the estimate moves; returns the way to stop. */
  onChange(listener: () => void): () => void
}

export const [getTimeSource, setTimeSource] = createContext<TimeSource>()

/** The board's clock: this server's wall time in fractional milliseconds, monotonic within the process. */
export function serverTime(): number {
  return performance.timeOrigin + performance.now()
}

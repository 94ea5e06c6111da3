import { createSubscriber } from 'svelte/reactivity'
import type { ServerClock } from '../sync/serverClock.ts'

/** How often relative times ("just now") are refreshed. */
const TICK_MS = 15_000

/** The server's "now", as a value that ticks for whoever shows relative times. */
export class ServerNow {
  #clock: ServerClock
  #subscribe: () => void

  constructor(clock: ServerClock) {
    this.#clock = clock
    this.#subscribe = createSubscriber((update) => {
      const timer = setInterval(update, TICK_MS)
      const stopListening = clock.onChange(update)
      return () => {
        clearInterval(timer)
        stopListening()
      }
    })
  }

  get current(): number {
    this.#subscribe()
    return this.#clock.now()
  }
}

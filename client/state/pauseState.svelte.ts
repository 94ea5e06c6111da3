import type * as Y from 'yjs'
import { createSubscriber } from 'svelte/reactivity'
import type { ServerClock } from '../sync/serverClock.ts'
import type { BoardState } from './boardState.svelte.ts'
import type { PauseRecord } from '../../shared/schema.ts'
import { pauseLogMap, pauseMap, readPause, readPauseRecords, type ActivePause } from './pause.ts'
import { readSettings, settingsMap, type BoardSettings } from './settings.ts'

/**
 * The pause as Svelte reads it. It changes when the doc changes (a pause
 * raised, someone ready, an extension), when the server-clock estimate
 * moves, and when the countdown runs out — that last one by a timer set for
 * the exact return time, so "I'm ready" appears on every screen together.
 */
export class PauseState {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #board: BoardState
  #subscribe: () => void

  constructor(doc: Y.Doc, clock: ServerClock, board: BoardState) {
    this.#doc = doc
    this.#clock = clock
    this.#board = board
    const pause = pauseMap(doc)
    const settings = settingsMap(doc)
    const log = pauseLogMap(doc)
    this.#subscribe = createSubscriber((update) => {
      let boundary: ReturnType<typeof setTimeout> | undefined
      const refresh = () => {
        update()
        clearTimeout(boundary)
        const now = clock.now()
        const active = readPause(doc, board.people, now)
        // A few ms past the return time, so this screen's reading is surely on the far side of it.
        if (active?.phase === 'counting') boundary = setTimeout(refresh, active.endsAt - now + 5)
      }
      pause.observeDeep(refresh)
      settings.observe(update)
      log.observe(update)
      const stopClock = clock.onChange(refresh)
      refresh()
      return () => {
        clearTimeout(boundary)
        pause.unobserveDeep(refresh)
        settings.unobserve(update)
        log.unobserve(update)
        stopClock()
      }
    })
  }

  /** The pause on now, or null while the talk is on. */
  get active(): ActivePause | null {
    this.#subscribe()
    return readPause(this.#doc, this.#board.people, this.#clock.now())
  }

  /** Every pause taken, oldest first, for the timeline. */
  get records(): PauseRecord[] {
    this.#subscribe()
    return readPauseRecords(this.#doc)
  }

  get settings(): BoardSettings {
    this.#subscribe()
    return readSettings(this.#doc)
  }
}

import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { createSubscriber } from 'svelte/reactivity'
import type { PauseRecord } from '../../shared/schema.ts'
import type { BoardState } from '../core/boardState.svelte.ts'
import { isValidPauseLength, readSettings } from '../core/settings.ts'
import { openTalk } from '../core/talks.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { extendPause, pauseLogMap, pauseMap, readPause, readPauseRecords, sayReady, startPause, type ActivePause } from './pause.ts'

/**
 * The pause on one board: what every screen shows, and what people do to
 * it. It changes when the doc changes (a pause raised, someone ready, an
 * extension), when the server-clock estimate moves, and when the countdown
 * runs out — that last one by a timer set for the exact return time, so
 * "I'm ready" appears on every screen together.
 */
export class PauseModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #board: BoardState
  #subscribe: () => void

  constructor(doc: Y.Doc, clock: ServerClock, board: BoardState) {
    this.#doc = doc
    this.#clock = clock
    this.#board = board
    const pause = pauseMap(doc)
    const log = pauseLogMap(doc)
    this.#subscribe = createSubscriber((update) => {
      let boundary: ReturnType<typeof setTimeout> | undefined
      const refresh = () => {
        update()
        clearTimeout(boundary)
        const now = clock.now()
        const active = readPause(doc, board.onBoard, now)
        // A few ms past the return time, so this screen's reading is surely on the far side of it.
        if (active?.phase === 'counting') boundary = setTimeout(refresh, active.endsAt - now + 5)
      }
      pause.observeDeep(refresh)
      log.observe(update)
      const stopClock = clock.onChange(refresh)
      refresh()
      return () => {
        clearTimeout(boundary)
        pause.unobserveDeep(refresh)
        log.unobserve(update)
        stopClock()
      }
    })
  }

  /** The pause on now, or null while the talk is on. */
  get active(): ActivePause | null {
    this.#subscribe()
    return readPause(this.#doc, this.#board.onBoard, this.#clock.now())
  }

  /** Every pause taken, oldest first, for the timeline. */
  get records(): PauseRecord[] {
    this.#subscribe()
    return readPauseRecords(this.#doc)
  }

  /**
   * Pauses the talk going on for `minutes`, unless a pause is on already.
   * Who asked is written down only when the board's settings say so.
   * Returns false when the length is refused.
   */
  start({ minutes, by }: { minutes: number; by: string | null }): boolean {
    if (!isValidPauseLength(minutes)) return false
    const now = this.#clock.now()
    const pausedBy = readSettings(this.#doc).recordWhoPaused ? by : null
    return startPause(this.#doc, this.#board.onBoard, { minutes, now, talkId: openTalk(this.#doc)?.id ?? null, pausedBy })
  }

  /** Adds time to the pause for everyone. */
  extend(): void {
    extendPause(this.#doc, this.#clock.now())
  }

  /** A partner is ready; the last one to say so resumes the talk for everyone. */
  sayReady(personId: string): void {
    sayReady(this.#doc, this.#board.onBoard, personId, this.#clock.now())
  }
}

export const [getPause, setPause] = createContext<PauseModel>()

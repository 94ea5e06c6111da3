import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { createSubscriber } from 'svelte/reactivity'
import type { PauseRecord } from '../../shared/schema.ts'
import type { Signer } from '../../shared/signing.ts'
import type { BoardState } from '../core/boardState.svelte.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import { isValidPauseLength, readSettings } from '../core/settings.ts'
import { openTalk } from '../core/talks.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { newId } from '../core/ids.ts'
import {
  canTakeBack,
  extendPause,
  pauseLogMap,
  pauseMap,
  readPause,
  readPauseRecords,
  readTakenBack,
  sayReady,
  startPause,
  takeBackPause,
  TAKE_BACK_MS,
  type ActivePause,
  type VerdictOf,
} from './pause.ts'
import { forgetRaisedHere, rememberRaisedHere, wasRaisedHere } from './raisedHere.ts'

/**
 * The pause on one board: what every screen shows, and what people do to
 * it. It changes when the doc changes (a pause raised, someone ready, an
 * extension), when the server-clock estimate moves, and when the countdown
 * runs out — that last one by a timer set for the exact return time, so
 * "I'm ready" appears on every screen together — and when the first minute,
 * in which the raising device may take the pause back, is over.
 */
export class PauseModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #board: BoardState
  readonly #signing: { boardId: string; signer: Promise<Signer | null> }
  /** Whether a ready is that partner's own: BoardTrust's verdicts, reactive. */
  readonly #verdictOf: VerdictOf
  #subscribe: () => void
  /** While this device signs its `I'm ready`: the button waits, so one tap is one ready. */
  #sayingReady = $state(false)

  constructor(
    doc: Y.Doc,
    clock: ServerClock,
    board: BoardState,
    signing: { boardId: string; signer: Promise<Signer | null> },
    trust: Pick<BoardTrust, 'verdict'>,
  ) {
    this.#doc = doc
    this.#clock = clock
    this.#board = board
    this.#signing = signing
    const verdictOf: VerdictOf = (...claim) => trust.verdict(...claim)
    this.#verdictOf = verdictOf
    const pause = pauseMap(doc)
    const log = pauseLogMap(doc)
    this.#subscribe = createSubscriber((update) => {
      let boundary: ReturnType<typeof setTimeout> | undefined
      const refresh = () => {
        update()
        clearTimeout(boundary)
        const now = clock.now()
        const active = readPause(doc, board.onBoard, now, verdictOf)
        // A few ms past the next boundary (the first minute, the return time), so this screen's reading is surely past it.
        const next = active === null ? null : [active.startedAt + TAKE_BACK_MS, active.endsAt].find((at) => at > now)
        if (next !== undefined && next !== null) boundary = setTimeout(refresh, next - now + 5)
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
    return readPause(this.#doc, this.#board.onBoard, this.#clock.now(), this.#verdictOf)
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
    const id = newId()
    const talkId = openTalk(this.#doc)?.id ?? null
    const started = startPause(this.#doc, this.#board.onBoard, { id, minutes, now, talkId, pausedBy }, this.#verdictOf)
    // Pressing Pause during someone else's pause changes nothing, and does not make it this device's to take back.
    if (started && readPause(this.#doc, this.#board.onBoard, now, this.#verdictOf)?.id === id) rememberRaisedHere(id)
    return started
  }

  /** True while this device raised the pause on now and it is still in its first minute. */
  get canTakeBack(): boolean {
    const active = this.active
    return active !== null && wasRaisedHere(active.id) && canTakeBack(active, this.#clock.now())
  }

  /** Ends the pause for everyone, if this device raised it and its first minute is not over. */
  takeBack(): void {
    const active = this.active
    if (active === null || !wasRaisedHere(active.id)) return
    if (takeBackPause(this.#doc, this.#board.onBoard, active.id, this.#clock.now(), this.#verdictOf)) forgetRaisedHere()
  }

  /** The latest pause, when it was taken back a short while ago: every screen says so, naming nobody. */
  get takenBack(): { pauseId: string; at: number } | null {
    this.#subscribe()
    return readTakenBack(this.#doc, this.#clock.now())
  }

  /** Adds time to the pause for everyone. */
  extend(): void {
    extendPause(this.#doc, this.#clock.now())
  }

  /** True while this device is signing its `I'm ready`. */
  get sayingReady(): boolean {
    return this.#sayingReady
  }

  /** A partner is ready, signed on this device; the last one to say so resumes the talk for everyone. */
  async sayReady(personId: string): Promise<void> {
    if (this.#sayingReady) return
    this.#sayingReady = true
    try {
      await sayReady(this.#doc, {
        people: this.#board.onBoard,
        personId,
        now: () => this.#clock.now(),
        boardId: this.#signing.boardId,
        signer: await this.#signing.signer,
        verdictOf: this.#verdictOf,
      })
    } finally {
      this.#sayingReady = false
    }
  }
}

export const [getPause, setPause] = createContext<PauseModel>()

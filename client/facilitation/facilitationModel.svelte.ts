import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import {
  facilitationMap,
  giveFloor,
  movePhase,
  readFloor,
  readPhase,
  setOwnPhases,
  startPhases,
  type Floor,
  type PhaseState,
  type TemplateId,
} from './facilitation.ts'

/**
 * A board's talks as a facilitator runs them: each talk's phase and floor,
 * re-read when any screen changes them, and the moves anyone may make.
 */
export class FacilitationModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #subscribe: () => void

  constructor(doc: Y.Doc, clock: ServerClock) {
    this.#doc = doc
    this.#clock = clock
    this.#subscribe = watchMap(facilitationMap(doc))
  }

  phase(talkId: string): PhaseState | null {
    this.#subscribe()
    return readPhase(this.#doc, talkId)
  }

  floor(talkId: string): Floor | null {
    this.#subscribe()
    return readFloor(this.#doc, talkId)
  }

  /** Guides the talk through one of the templates, from its first phase. */
  startPhases(talkId: string, template: TemplateId): void {
    startPhases(this.#doc, talkId, template)
  }

  /** The talk's own phases, one title a line; false when there is none. */
  setOwnPhases(talkId: string, titles: readonly string[]): boolean {
    return setOwnPhases(this.#doc, talkId, titles)
  }

  nextPhase(talkId: string): void {
    movePhase(this.#doc, talkId, 1)
  }

  previousPhase(talkId: string): void {
    movePhase(this.#doc, talkId, -1)
  }

  /** Gives the speaking turn to a person, from now. */
  giveFloor(talkId: string, personId: string): void {
    giveFloor(this.#doc, talkId, personId, this.#clock.now())
  }
}

export const [getFacilitation, setFacilitation] = createContext<FacilitationModel>()

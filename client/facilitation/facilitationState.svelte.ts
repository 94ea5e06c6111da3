import type * as Y from 'yjs'
import { watchMap } from '../state/watchMap.ts'
import { facilitationMap, readFloor, readPhase, type Floor, type PhaseState } from './facilitation.ts'

/** A talk's phase and floor as Svelte reads them, re-read when any screen changes them. */
export class FacilitationState {
  readonly #doc: Y.Doc
  readonly #subscribe: () => void

  constructor(doc: Y.Doc) {
    this.#doc = doc
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
}

import type * as Y from 'yjs'
import { watchMap } from '../state/watchMap.ts'
import { checkInsMap, readCheckIns, type CheckIn } from './checkIns.ts'

/** The board's check-in marks as Svelte reads them, re-read whenever anyone marks. */
export class CheckInsState {
  readonly #doc: Y.Doc
  readonly #subscribe: () => void

  constructor(doc: Y.Doc) {
    this.#doc = doc
    this.#subscribe = watchMap(checkInsMap(doc))
  }

  get all(): CheckIn[] {
    this.#subscribe()
    return readCheckIns(this.#doc)
  }
}

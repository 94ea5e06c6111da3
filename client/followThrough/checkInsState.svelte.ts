import type * as Y from 'yjs'
import { createSubscriber } from 'svelte/reactivity'
import { checkInsMap, readCheckIns, type CheckIn } from './checkIns.ts'

/** The board's check-in marks as Svelte reads them, re-read whenever anyone marks. */
export class CheckInsState {
  readonly #doc: Y.Doc
  #subscribe: () => void

  constructor(doc: Y.Doc) {
    this.#doc = doc
    const map = checkInsMap(doc)
    this.#subscribe = createSubscriber((update) => {
      map.observe(update)
      return () => map.unobserve(update)
    })
  }

  get all(): CheckIn[] {
    this.#subscribe()
    return readCheckIns(this.#doc)
  }
}

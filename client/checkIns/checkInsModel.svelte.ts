import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { CheckIn } from '../../shared/schema.ts'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { checkInsMap, markAgreement, readCheckIns } from './checkIns.ts'

/** The board's check-in marks, re-read whenever anyone marks, and marking one. */
export class CheckInsModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #subscribe: () => void

  constructor(doc: Y.Doc, clock: ServerClock) {
    this.#doc = doc
    this.#clock = clock
    this.#subscribe = watchMap(checkInsMap(doc))
  }

  /** Every mark, oldest first. */
  get all(): CheckIn[] {
    this.#subscribe()
    return readCheckIns(this.#doc)
  }

  /** This person's mark on an agreement at a talk, now; marking again rewrites it. */
  mark(entry: Omit<CheckIn, 'at'>): void {
    markAgreement(this.#doc, { ...entry, at: this.#clock.now() })
  }
}

export const [getCheckIns, setCheckIns] = createContext<CheckInsModel>()

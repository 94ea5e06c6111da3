import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { readNextTalkSchedule, scheduleMap, type TalkSchedule } from '../core/nextTalk.ts'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { clearNextTalk, readClearedNextTalk, setNextTalk, type ClearedNextTalk } from './nextTalkSchedule.ts'

/** The next talk as set on the board, re-read whenever anyone changes it; and setting or clearing it, stamped with the server's time. */
export class NextTalkModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #subscribe: () => void

  constructor(doc: Y.Doc, clock: ServerClock) {
    this.#doc = doc
    this.#clock = clock
    this.#subscribe = watchMap(scheduleMap(doc))
  }

  get schedule(): TalkSchedule | null {
    this.#subscribe()
    return readNextTalkSchedule(this.#doc)
  }

  get cleared(): ClearedNextTalk | null {
    this.#subscribe()
    return readClearedNextTalk(this.#doc)
  }

  set(schedule: Omit<TalkSchedule, 'at'>): void {
    setNextTalk(this.#doc, { ...schedule, at: this.#clock.now() })
  }

  clear(byId: string): void {
    clearNextTalk(this.#doc, byId, this.#clock.now())
  }
}

export const [getNextTalk, setNextTalkModel] = createContext<NextTalkModel>()

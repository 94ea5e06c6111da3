import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { signClaim } from '../core/claims.ts'
import { nextTalkFields, readNextTalkSchedule, scheduleMap, type TalkSchedule } from '../core/nextTalk.ts'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import type { Signer } from '../../shared/signing.ts'
import { clearedFields, clearNextTalk, readClearedNextTalk, setNextTalk, type ClearedNextTalk } from './nextTalkSchedule.ts'

/**
 * The next talk as set on the board, re-read whenever anyone changes it;
 * setting or clearing it, stamped with the server's time and signed as this
 * person's first, so who did it is named only when it verifies.
 */
export class NextTalkModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #signing: { boardId: string; signer: Promise<Signer | null> }
  readonly #trust: BoardTrust
  readonly #subscribe: () => void

  constructor(doc: Y.Doc, clock: ServerClock, signing: { boardId: string; signer: Promise<Signer | null> }, trust: BoardTrust) {
    this.#doc = doc
    this.#clock = clock
    this.#signing = signing
    this.#trust = trust
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

  /** Whether the schedule, or its clearing, is its named person's. */
  verdictOf(record: TalkSchedule | ClearedNextTalk): Verdict {
    const fields = 'date' in record ? nextTalkFields(record) : clearedFields(record)
    return this.#trust.verdict('date' in record ? 'next-talk' : 'next-talk-cleared', fields, record.claim, record.byId)
  }

  async set(schedule: Omit<TalkSchedule, 'at' | 'claim'>): Promise<void> {
    const made = { ...schedule, at: this.#clock.now() }
    const signer = await this.#signing.signer
    const claim = signer && (await signClaim(signer, this.#signing.boardId, 'next-talk', nextTalkFields(made)))
    setNextTalk(this.#doc, claim ? { ...made, claim } : made)
  }

  async clear(byId: string): Promise<void> {
    const made = { byId, at: this.#clock.now() }
    const signer = await this.#signing.signer
    const claim = signer && (await signClaim(signer, this.#signing.boardId, 'next-talk-cleared', clearedFields(made)))
    clearNextTalk(this.#doc, claim ? { ...made, claim } : made)
  }
}

export const [getNextTalk, setNextTalkModel] = createContext<NextTalkModel>()

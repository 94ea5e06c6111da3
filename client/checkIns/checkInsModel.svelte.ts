import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { CheckIn } from '../../shared/schema.ts'
import type { Signer } from '../../shared/signing.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { checkInsMap, markAgreement, readCheckIns } from './checkIns.ts'
import { checkInVerdict, countedCheckIns } from './trustAccount.ts'

/** The board's check-in marks, re-read whenever anyone marks, each with its verdict here; and marking one, signed. */
export class CheckInsModel {
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
    this.#subscribe = watchMap(checkInsMap(doc))
  }

  /** Every mark, oldest first, verified or not: what the account counts is `counted`. */
  get all(): CheckIn[] {
    this.#subscribe()
    return readCheckIns(this.#doc)
  }

  /** Whether a mark verifies as its marker's own, here (reactive: `checking` first). */
  readonly verdict = (entry: CheckIn): Verdict => checkInVerdict(entry, (...claim) => this.#trust.verdict(...claim))

  /** The marks that count: each verified as its marker's (whose marks weigh at all is the reader's: the partners). */
  get counted(): CheckIn[] {
    return countedCheckIns(this.all, this.verdict, () => true)
  }

  /** This person's mark on an agreement at a talk, now, signed; marking again rewrites it. Resolves once written. */
  async mark(entry: Omit<CheckIn, 'at' | 'claim'>): Promise<void> {
    const at = this.#clock.now()
    await markAgreement(this.#doc, { boardId: this.#signing.boardId, signer: await this.#signing.signer }, { ...entry, at })
  }
}

export const [getCheckIns, setCheckIns] = createContext<CheckInsModel>()

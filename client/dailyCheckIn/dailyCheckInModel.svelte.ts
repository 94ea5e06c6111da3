import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { Signer } from '../../shared/signing.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { Verdict } from '../core/claimCheck.ts'
import { dailyCheckInsMap, localDay, readDailyCheckIns, type DailyCheckIn } from '../core/dailyCheckIns.ts'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { dailyCheckInVerdict, saveDailyCheckIn, type DailyAnswers } from './dailyCheckIn.ts'

/** The board's daily check-ins, re-read whenever anyone saves one, each with its verdict here; and saving one's own, signed. */
export class DailyCheckInModel {
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
    this.#subscribe = watchMap(dailyCheckInsMap(doc))
  }

  /** Every check-in on the board, by day, verified or not. */
  get all(): DailyCheckIn[] {
    this.#subscribe()
    return readDailyCheckIns(this.#doc)
  }

  /** Whether a check-in verifies as its person's own, here (reactive: `checking` first). */
  readonly verdict = (entry: DailyCheckIn): Verdict => dailyCheckInVerdict(entry, (...claim) => this.#trust.verdict(...claim))

  /** This person's answers for their own local day now, signed; saving again that day rewrites them. Resolves once written. */
  async save(personId: string, answers: DailyAnswers): Promise<DailyCheckIn> {
    const at = this.#clock.now()
    const signing = { boardId: this.#signing.boardId, signer: await this.#signing.signer }
    const { safety, trust, connection, line } = answers
    return saveDailyCheckIn(this.#doc, signing, { personId, day: localDay(at), at, safety, trust, connection, line })
  }
}

export const [getDailyCheckIn, setDailyCheckIn] = createContext<DailyCheckInModel>()

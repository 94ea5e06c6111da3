import { createContext } from 'svelte'
import type { Signer } from '../../shared/signing.ts'
import { signClaim } from '../core/claims.ts'
import { endTalk, ensureFirstTalk, startTalk, talkEndFields } from '../core/talks.ts'
import type { BoardSession } from '../sync/openBoard.ts'

/**
 * Beginning and ending a board's talks. Reading them is the core's
 * (BoardState.talks). Only a person starts a talk: a card or a pause
 * placed after a talk ended goes between talks unless they choose to
 * start the next one.
 */
export class TalksModel {
  readonly #session: Pick<BoardSession, 'boardId' | 'doc' | 'clock' | 'requestHistoryPoint'>
  readonly #signer: Promise<Signer | null>
  readonly #afterStart: (talkId: string) => void

  /**
   * `signer`: this device's, which signs who ended a talk; null where it cannot keep one. `afterStart`: what
   * the shell has the starter's device do once a talk begins (bring in the questions still open).
   */
  constructor(
    session: Pick<BoardSession, 'boardId' | 'doc' | 'clock' | 'requestHistoryPoint'>,
    signer: Promise<Signer | null>,
    afterStart: (talkId: string) => void = () => {},
  ) {
    this.#session = session
    this.#signer = signer
    this.#afterStart = afterStart
  }

  /** `Start a talk`: every talk starts with a version of the board in its history. Returns its id. */
  start(): string {
    const id = startTalk(this.#session.doc, this.#session.clock.now())
    void this.#session.requestHistoryPoint()
    this.#afterStart(id)
    return id
  }

  /**
   * `End the talk`, by `personId` (null before joining): signed first, then
   * written with the claim, so every screen can name who ended it. The board
   * as the talk left it is kept in the history too.
   */
  async end(talkId: string, personId: string | null): Promise<void> {
    const endedAt = this.#session.clock.now()
    const signer = personId === null ? null : await this.#signer.catch(() => null)
    const claim = signer && (await signClaim(signer, this.#session.boardId, 'end-talk', talkEndFields(talkId, endedAt)).catch(() => null))
    const ender = personId === null ? null : { personId, claim }
    if (endTalk(this.#session.doc, talkId, endedAt, ender)) void this.#session.requestHistoryPoint()
  }

  /** A brand-new board, or one made before talks existed, gets its first talk once someone is on it. */
  ensureFirst(): void {
    ensureFirstTalk(this.#session.doc, this.#session.clock.now())
  }
}

export const [getTalks, setTalks] = createContext<TalksModel>()

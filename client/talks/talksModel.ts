import { createContext } from 'svelte'
import { endTalk, ensureFirstTalk, startTalk } from '../core/talks.ts'
import type { BoardSession } from '../sync/openBoard.ts'

/**
 * Beginning and ending a board's talks. Reading them is the core's
 * (BoardState.talks). Only a person starts a talk: a card or a pause
 * placed after a talk ended goes between talks unless they choose to
 * start the next one.
 */
export class TalksModel {
  readonly #session: Pick<BoardSession, 'doc' | 'clock' | 'requestHistoryPoint'>

  constructor(session: Pick<BoardSession, 'doc' | 'clock' | 'requestHistoryPoint'>) {
    this.#session = session
  }

  /** `Start a talk`: every talk starts with a version of the board in its history. Returns its id. */
  start(): string {
    const id = startTalk(this.#session.doc, this.#session.clock.now())
    void this.#session.requestHistoryPoint()
    return id
  }

  /** `End the talk`: the board as the talk left it is kept in the history too. */
  end(talkId: string): void {
    if (endTalk(this.#session.doc, talkId, this.#session.clock.now())) void this.#session.requestHistoryPoint()
  }

  /** A brand-new board, or one made before talks existed, gets its first talk once someone is on it. */
  ensureFirst(): void {
    ensureFirstTalk(this.#session.doc, this.#session.clock.now())
  }
}

export const [getTalks, setTalks] = createContext<TalksModel>()

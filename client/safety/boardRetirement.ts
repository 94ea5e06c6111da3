import { createContext } from 'svelte'
import { deleteBoardForEveryone } from '../sync/deleteBoard.ts'
import { moveBoard } from '../sync/moveBoard.ts'
import { socketUrl, type BoardSession } from '../sync/openBoard.ts'
import type { SocketConstructor } from '../sync/transport.ts'
import type { Identity } from '../core/identity.svelte.ts'
import type { Retirement } from '../sync/closeReasons.ts'
import type { Signer } from '../../shared/signing.ts'
import { carryIdentity, rememberMove } from './movedBoards.ts'
import { makeRetirementNote } from './retirementNote.ts'

/** What the shell does around a move, since it touches other features: carrying them along, and forgetting the old board. */
export type MoveHooks = {
  /** Copies to the new board what this device keeps of the old one elsewhere (private notes); failures stay behind quietly. */
  carryAlong(toBoardId: string): Promise<void>
  /** Forgets the old board on this device (moved): this tab leaves before the server's word can reach it. */
  forgetHere(): Promise<void>
}

/**
 * Ending a board at its link: deleting it for everyone, or moving it to a
 * new link when the old one may have reached someone it should not have.
 */
export class BoardRetirement {
  readonly #session: Pick<BoardSession, 'boardId' | 'secret' | 'doc' | 'clock'>
  readonly #identity: Pick<Identity, 'me'>
  readonly #hooks: MoveHooks
  readonly #signer: Promise<Signer | null>

  constructor(
    session: Pick<BoardSession, 'boardId' | 'secret' | 'doc' | 'clock'>,
    identity: Pick<Identity, 'me'>,
    signer: Promise<Signer | null>,
    hooks: MoveHooks,
  ) {
    this.#session = session
    this.#identity = identity
    this.#signer = signer
    this.#hooks = hooks
  }

  /** Every screen, this one included, is then told by the server and closes the board, naming who deleted it and when. */
  async deleteForEveryone(): Promise<void> {
    await deleteBoardForEveryone(this.#session.boardId, this.#session.secret, await this.#note('deleted'))
  }

  /**
   * What the others' screens are told: who did it, when (the board's clock), signed by this device, which is
   * what lets their devices wipe their copies; none from a device that never joined.
   */
  async #note(kind: Retirement): Promise<unknown> {
    const me = this.#identity.me
    if (me === null) return null
    return makeRetirementNote(me, this.#session.boardId, kind, this.#session.clock.now(), await this.#signer)
  }

  /** Moves the board in its safe order (sync/moveBoard.ts); resolves with the new link, this device's copy of the old board gone. */
  async moveToNewLink(): Promise<string> {
    const { boardId, secret, doc } = this.#session
    const next = await moveBoard(
      { boardId, secret, doc },
      {
        origin: location.origin,
        socketUrl: socketUrl(),
        WebSocketImpl: WebSocket as unknown as SocketConstructor,
        note: await this.#note('moved'),
        beforeRetiring: async (next) => {
          await rememberMove(boardId, next)
          await carryIdentity(boardId, next.boardId)
          await this.#hooks.carryAlong(next.boardId)
        },
      },
    )
    await this.#hooks.forgetHere()
    return next.link
  }
}

export const [getBoardRetirement, setBoardRetirement] = createContext<BoardRetirement>()

import { createContext } from 'svelte'
import type { BoardSession } from '../sync/openBoard.ts'
import type { Signer } from '../../shared/signing.ts'
import type { BoardState } from './boardState.svelte.ts'
import type { BoardTrust } from './boardTrust.svelte.ts'
import type { Identity } from './identity.svelte.ts'
import type { Presence } from './presence.svelte.ts'
import type { ServerNow } from './serverNow.svelte.ts'

/**
 * What every component inside an open board may read: the session, the
 * board as it stands, who this device is, who is here, and the server's
 * now. Set once per board by the shell (app/boardModels.ts), beside each
 * feature's own model, which the feature finds through its own context.
 */
export type BoardContext = {
  /** Which board, and how its sync stands; the doc and the clock are the models' to write through, not a component's. */
  session: Pick<BoardSession, 'boardId' | 'status'>
  board: BoardState
  /** This device's signer on the board (null where it cannot keep one): what a feature signs its claims with. */
  signer: Promise<Signer | null>
  /** Which devices this one believes, and the verdict on any claim. */
  trust: BoardTrust
  identity: Identity
  now: ServerNow
  presence: Presence
}

export const [getBoardContext, setBoardContext] = createContext<BoardContext>()

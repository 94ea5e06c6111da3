import { createContext } from 'svelte'
import type { BoardSession } from '../sync/openBoard.ts'
import type { BoardState } from './boardState.svelte.ts'
import type { Identity } from './identity.svelte.ts'
import type { PauseState } from './pauseState.svelte.ts'
import type { Presence } from './presence.svelte.ts'
import type { ServerNow } from './serverNow.svelte.ts'
import type { UndoHistory } from './undoHistory.svelte.ts'
import type { FacilitationState } from '../facilitation/facilitationState.svelte.ts'
import type { CheckInsState } from '../followThrough/checkInsState.svelte.ts'

/** What every component inside an open board may read. Set once by OpenBoard.svelte. */
export type BoardContext = {
  session: BoardSession
  board: BoardState
  identity: Identity
  now: ServerNow
  presence: Presence
  undo: UndoHistory
  pause: PauseState
  facilitation: FacilitationState
  checkIns: CheckInsState
}

export const [getBoardContext, setBoardContext] = createContext<BoardContext>()

/**
 * What this device does when the server says the board was deleted or
 * moved. It wipes its copy only when someone on the board signed that
 * (safety/retirementProof.ts); on the server's word alone it keeps the copy
 * and asks. Private notes belong to their owner: when someone else deleted
 * or moved the board, they stay until the person exports or deletes them.
 * Deleting one's own board takes one's own notes with it (the sheet said so).
 */
import type * as Y from 'yjs'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { BoardState } from '../core/boardState.svelte.ts'
import type { Identity } from '../core/identity.svelte.ts'
import { describeRetirement, describeUnsignedRetirement, type ReadNote, type RetiredBy } from '../safety/retirementNote.ts'
import { proveRetirement } from '../safety/retirementProof.ts'
import type { Retirement } from '../sync/closeReasons.ts'
import type { BoardSession } from '../sync/openBoard.ts'
import { closedYourBoard, forgetYourBoard } from '../yourBoards/yourBoards.ts'
import { forgetBoardOnThisDevice } from './forgetBoard.ts'

export type RetiredView =
  /** Checking the note: shown as nothing special. */
  | { phase: 'checking'; reason: Retirement }
  /** Signed by someone on the board: the copy is gone; `notesLeft` when this person's private notes stayed. */
  | { phase: 'signed'; reason: Retirement; said: string; by: RetiredBy | null; notesLeft: boolean }
  /** The server's word alone: the copy stays until the person says. `holdsCopy` false when there was nothing here to keep. */
  | { phase: 'unproven'; reason: Retirement; said: ReadNote | null; holdsCopy: boolean }
  /** The person kept the copy: it stays readable here, not syncing. */
  | { phase: 'kept'; reason: Retirement }
  /** The person removed the copy; `notesLeft` when their private notes stayed. */
  | { phase: 'removed'; reason: Retirement; said: string; notesLeft: boolean }

type Parts = {
  session: Pick<BoardSession, 'boardId' | 'doc' | 'status' | 'whenLocalLoaded' | 'clearLocalCopy'>
  trust: Pick<BoardTrust, 'check'>
  board: Pick<BoardState, 'people' | 'settings'>
  identity: Pick<Identity, 'me' | 'loaded'>
}

export class RetiredBoard {
  readonly #parts: Parts
  #view = $state.raw<RetiredView | null>(null)

  constructor(parts: Parts) {
    this.#parts = parts
  }

  /** Null while the board is not retired. */
  get view(): RetiredView | null {
    return this.#view
  }

  /** True once the person chose to keep a copy the server alone says is gone: the board shows, not syncing. */
  get keepsCopy(): boolean {
    return this.#view?.phase === 'kept'
  }

  /** The server said the board was deleted or moved (its note, if any, already read). */
  async decide(reason: Retirement): Promise<void> {
    this.#view = { phase: 'checking', reason }
    const { session, trust, board, identity } = this.#parts
    const { boardId, doc } = session
    await Promise.allSettled([session.whenLocalLoaded, identity.loaded])
    // Decided before, when the board was signed away and this person's notes stayed: said the same way again.
    const remembered = await closedYourBoard(boardId).catch(() => null)
    if (remembered?.closed !== undefined && !holdsCopy(doc)) {
      this.#view = { phase: 'signed', reason, said: remembered.closed, by: null, notesLeft: true }
      return
    }
    const nameOf = (personId: string) => board.people.get(personId)?.name ?? null
    const proof = await proveRetirement(trust, boardId, reason, session.status.retirementNote, nameOf)
    if (proof.state === 'signed') {
      const said = describeRetirement(reason, proof.by)
      const byMe = proof.personId === identity.me?.personId
      const notesStay = byMe ? null : { said, boardName: board.settings.boardName }
      const notesLeft = await forgetBoardOnThisDevice(boardId, reason, session.clearLocalCopy, notesStay)
      this.#view = { phase: 'signed', reason, said, by: proof.by, notesLeft }
      return
    }
    const holds = holdsCopy(doc)
    // Nothing here to keep (a device that never held the board): what little it kept of it goes, its notes excepted.
    if (!holds) await this.#forget(reason)
    this.#view = { phase: 'unproven', reason, said: proof.said, holdsCopy: holds }
  }

  /** Keeps the copy the server alone says is gone: readable and exportable here. */
  keepCopy(): void {
    const view = this.#view
    if (view?.phase === 'unproven') this.#view = { phase: 'kept', reason: view.reason }
  }

  /** Removes the copy, as a signed deletion would; the person's private notes stay, to export or delete. */
  async removeCopy(): Promise<void> {
    const view = this.#view
    if (view === null || (view.phase !== 'unproven' && view.phase !== 'kept')) return
    const notesLeft = await this.#forget(view.reason)
    this.#view = { phase: 'removed', reason: view.reason, said: 'This board was removed from this device.', notesLeft }
  }

  /** The person deleted the private notes that stayed: nothing of the board is left here. */
  async notesDeleted(): Promise<void> {
    const view = this.#view
    if (view?.phase === 'signed' || view?.phase === 'removed') this.#view = { ...view, notesLeft: false }
    await forgetYourBoard(this.#parts.session.boardId).catch(() => {})
  }

  #forget(reason: Retirement): Promise<boolean> {
    const { session, board } = this.#parts
    const said = describeUnsignedRetirement(reason)
    return forgetBoardOnThisDevice(session.boardId, reason, session.clearLocalCopy, { said, boardName: board.settings.boardName })
  }
}

/** Whether this device holds a copy of the board (anything written to it at all). */
function holdsCopy(doc: Y.Doc): boolean {
  return doc.store.clients.size > 0
}

/**
 * "Your boards": the boards this browser has joined, for a therapist with
 * many couples (or anyone with more than one board). Kept on this device
 * only, each entry sealed under the device key (device/deviceKey.ts):
 * the link (secret included), the board's name, a private label and when
 * its latest talk began, and what the week needs (weekSeen.ts). Nothing of
 * the list reaches the server.
 */
import { inStore, isForgottenHere, type BoardRecord } from '../device/deviceStore.ts'
import { openJson, sealJson } from '../device/sealedRecords.ts'
import { readWeekSeen, type WeekSeen } from './weekSeen.ts'

export type YourBoard = WeekSeen & {
  boardId: string
  link: string
  /** The board's own name, as last seen on it ('' when unnamed). */
  boardName: string
  /** This person's own label for it ('' until given). */
  label: string
  /** When the board's latest talk began (server ms), or null. */
  lastTalkAt: number | null
  /**
   * Set when someone else deleted or moved the board and this person's private notes on it stayed here:
   * what happened ("Alex deleted this board."). Such an entry keeps no link; it is where the notes are found.
   */
  closed?: string
}

/** An entry this device can no longer open (its key was cleared): shown so it can be removed. */
export type UnreadableBoard = { boardId: string; unreadable: true }

export const MAX_LABEL = 60

const context = (boardId: string) => `common-ground/your-boards/v1/${boardId}`

async function write(board: YourBoard): Promise<void> {
  const sealed = await sealJson(context(board.boardId), board)
  await inStore('boards', 'readwrite', (store) => store.put({ boardId: board.boardId, sealed } satisfies BoardRecord))
}

async function read(record: BoardRecord): Promise<YourBoard | UnreadableBoard> {
  try {
    const board = (await openJson(context(record.boardId), record.sealed)) as YourBoard
    return { ...board, ...readWeekSeen(board), boardId: record.boardId }
  } catch {
    return { boardId: record.boardId, unreadable: true }
  }
}

/** Every board on the list, the most recently talked on first. */
export async function listYourBoards(): Promise<(YourBoard | UnreadableBoard)[]> {
  const records = await inStore<BoardRecord[]>('boards', 'readonly', (store) => store.getAll())
  const boards = await Promise.all(records.map(read))
  const recency = (board: YourBoard | UnreadableBoard) => ('unreadable' in board ? -1 : (board.lastTalkAt ?? 0))
  return boards.sort((a, b) => recency(b) - recency(a))
}

/**
 * Changes to the list, one at a time in the order they were asked: a board
 * renamed just after it was joined refreshes its entry twice in a moment,
 * and the second must not be overwritten by the first finishing last.
 */
let changes: Promise<unknown> = Promise.resolve()
function inTurn<T>(change: () => Promise<T>): Promise<T> {
  const next = changes.then(change, change)
  changes = next.catch(() => {})
  return next
}

/**
 * Adds or refreshes a board this browser is on; the label given on the start page is kept.
 * A board being forgotten here is not put back by a refresh from its view, still on screen.
 */
export function rememberYourBoard(seen: Omit<YourBoard, 'label'>): Promise<void> {
  return inTurn(async () => {
    if (isForgottenHere(seen.boardId)) return
    const stored = await inStore<BoardRecord | undefined>('boards', 'readonly', (store) => store.get(seen.boardId))
    const before = stored === undefined ? null : await read(stored)
    const label = before !== null && !('unreadable' in before) ? before.label : ''
    await write({ ...seen, label })
  })
}

export function labelYourBoard(board: YourBoard, label: string): Promise<YourBoard> {
  return inTurn(async () => {
    const labelled = { ...board, label: label.replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL) }
    await write(labelled)
    return labelled
  })
}

export function forgetYourBoard(boardId: string): Promise<undefined> {
  return inTurn(() => inStore('boards', 'readwrite', (store) => store.delete(boardId)))
}

/**
 * The board is gone (someone else deleted or moved it) but this person's private notes on it stay: the entry
 * stays as where they are found, saying what happened, without the link, which opens nothing any more.
 */
export function markYourBoardClosed(boardId: string, said: string, boardName: string): Promise<void> {
  return inTurn(async () => {
    const stored = await inStore<BoardRecord | undefined>('boards', 'readonly', (store) => store.get(boardId))
    const before = stored === undefined ? null : await read(stored)
    const kept = before !== null && !('unreadable' in before) ? before : null
    await write({
      boardId,
      link: '',
      boardName: kept?.boardName ?? boardName,
      label: kept?.label ?? '',
      lastTalkAt: kept?.lastTalkAt ?? null,
      closed: said,
    })
  })
}

/** The entry of a board this device remembers as closed with private notes left on it; null when there is none. */
export async function closedYourBoard(boardId: string): Promise<YourBoard | null> {
  const stored = await inStore<BoardRecord | undefined>('boards', 'readonly', (store) => store.get(boardId))
  const board = stored === undefined ? null : await read(stored)
  return board !== null && !('unreadable' in board) && typeof board.closed === 'string' ? board : null
}

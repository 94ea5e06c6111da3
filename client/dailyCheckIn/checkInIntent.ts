/**
 * `Check in today` from `Your boards`: the start page opens the board with
 * its check-in open. What carries the wish across is this tab's session
 * storage (the board's id, nothing secret), not the link: the link is stored
 * in Your boards as the board was opened, and a query would stick to it.
 */
const KEY = 'common-ground/check-in-today'

/** Remembers, for this tab only, that the board about to open should open its check-in. */
export function askToCheckIn(boardId: string): void {
  try {
    sessionStorage.setItem(KEY, boardId)
  } catch {
    // Storage blocked: the board opens as usual, with its `Check in today` a tap away.
  }
}

/** Whether this board was opened to check in; asked once: the wish is spent by reading it. */
export function takeCheckInIntent(boardId: string): boolean {
  try {
    const wanted = sessionStorage.getItem(KEY) === boardId
    if (wanted) sessionStorage.removeItem(KEY)
    return wanted
  } catch {
    return false
  }
}

/**
 * Which boards this tab created, so their join step greets the person as the
 * board's creator rather than as someone arriving at another's board. An
 * empty board is not proof: a partner may open the link before the creator
 * has joined, or before the board has arrived on their device. Kept in this
 * tab's session storage only, and only until the creator has joined or the
 * board is gone: the key names the board, and nothing of a deleted board may
 * stay on the device.
 */
const createdKey = (boardId: string) => `common-ground:created-here:${boardId}`

export function markCreatedHere(boardId: string): void {
  try {
    sessionStorage.setItem(createdKey(boardId), '1')
  } catch {
    // Storage blocked: the creator is greeted as anyone joining is, which is still true.
  }
}

export function wasCreatedHere(boardId: string): boolean {
  try {
    return sessionStorage.getItem(createdKey(boardId)) !== null
  } catch {
    return false
  }
}

export function forgetCreatedHere(boardId: string): void {
  try {
    sessionStorage.removeItem(createdKey(boardId))
  } catch {
    // Nothing was kept.
  }
}

/**
 * The repair notices this person put away, kept for the tab's life (ids
 * only, never words), so a reload does not bring back a phrase already
 * read. Another tab or device keeps its own: putting a notice away is
 * nobody else's business. Where storage is blocked, it lasts the page.
 */
const keyOf = (boardId: string) => `common-ground:repairs-dismissed:${boardId}`
const MAX_KEPT = 200

export function loadDismissed(boardId: string): string[] {
  try {
    const kept: unknown = JSON.parse(sessionStorage.getItem(keyOf(boardId)) ?? '[]')
    return Array.isArray(kept) ? kept.filter((id): id is string => typeof id === 'string').slice(-MAX_KEPT) : []
  } catch {
    return []
  }
}

export function keepDismissed(boardId: string, ids: Iterable<string>): void {
  try {
    sessionStorage.setItem(keyOf(boardId), JSON.stringify([...ids].slice(-MAX_KEPT)))
  } catch {
    // Storage blocked or full: the notice stays put away for this page only.
  }
}

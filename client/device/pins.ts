/**
 * The keys this device pinned on a board, sealed under the device key like
 * everything else it keeps about a board, and forgotten with the board.
 */
import { inStore, keepForBoard, type BoardRecord } from './deviceStore.ts'
import { openJson, sealJson } from './sealedRecords.ts'

const context = (boardId: string) => `common-ground/pins/v1/${boardId}`

/** What was kept, as stored (the reader checks its shape); null when nothing was, or it cannot be opened. */
export async function loadPins(boardId: string): Promise<unknown> {
  const record = await inStore<BoardRecord | undefined>('pins', 'readonly', (store) => store.get(boardId))
  if (record === undefined) return null
  return openJson(context(boardId), record.sealed).catch(() => null)
}

export async function storePins(boardId: string, pins: unknown): Promise<void> {
  const sealed = await sealJson(context(boardId), pins)
  await keepForBoard(boardId, 'pins', (store) => store.put({ boardId, sealed } satisfies BoardRecord))
}

export async function forgetPins(boardId: string): Promise<void> {
  await inStore('pins', 'readwrite', (store) => store.delete(boardId))
}

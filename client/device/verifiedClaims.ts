/**
 * The signatures this device has verified on a board, so a reload does not
 * verify them again: filed in the device store's `verified` store under
 * [boardId, rememberedKey] (core/claimCheck.ts), which binds the words, the
 * key and the signature, so nothing but the very same claim is found there.
 * Read once when the board opens, written a batch at a time, forgotten with
 * the board. Only valid signatures are kept: what did not verify is checked
 * again next time.
 */
import { inStore, keepForBoard } from './deviceStore.ts'

/** Every [boardId, …] key: arrays sort after strings, so [boardId, []] is above every [boardId, string]. */
const boardRange = (boardId: string) => IDBKeyRange.bound([boardId], [boardId, []])

export async function loadVerified(boardId: string): Promise<string[]> {
  const keys = await inStore('verified', 'readonly', (store) => store.getAllKeys(boardRange(boardId)))
  return keys.flatMap((key) => (Array.isArray(key) && typeof key[1] === 'string' ? [key[1]] : []))
}

/** Remembers a batch in one transaction. */
export async function rememberVerified(boardId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return
  await keepForBoard(boardId, 'verified', (store) => keys.map((key) => store.put(true, [boardId, key])).at(-1)!)
}

export async function forgetVerified(boardId: string): Promise<void> {
  await inStore('verified', 'readwrite', (store) => store.delete(boardRange(boardId)))
}

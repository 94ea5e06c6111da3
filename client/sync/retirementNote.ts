/**
 * The note a device leaves when it deletes a board or moves it to a new
 * link (who did it, when), sealed under the board's key like everything
 * else on it: the server keeps it with the board's tombstone and hands it
 * to every device of the board, and cannot read it. What it says is the
 * app's business (safety/retirementNote.ts reads it); here it is JSON in,
 * JSON out, and whatever does not open is no note.
 */
import { openPayload, sealPayload, toBase64Url, type BoardKeys } from '../../shared/crypto.ts'
import { Limits } from '../../shared/protocol.ts'

/** The request body that leaves `note` with the retirement; none for no note, or one that would not fit (the board still goes, naming nobody). */
export async function retirementNoteBody(boardId: string, keys: BoardKeys, note: unknown): Promise<string | undefined> {
  if (note === undefined || note === null) return undefined
  const sealed = await sealPayload(keys.encryptionKey, boardId, 'retirementNote', new TextEncoder().encode(JSON.stringify(note)))
  if (sealed.length > Limits.maxRetirementNoteBytes) return undefined
  return JSON.stringify({ note: toBase64Url(sealed) })
}

/** The note as its author wrote it, unchecked; null when there is none, or it does not open under this board's key. */
export async function openRetirementNote(boardId: string, keys: BoardKeys, sealed: Uint8Array | null): Promise<unknown> {
  if (sealed === null) return null
  try {
    return JSON.parse(new TextDecoder().decode(await openPayload(keys.encryptionKey, boardId, 'retirementNote', sealed)))
  } catch {
    return null
  }
}

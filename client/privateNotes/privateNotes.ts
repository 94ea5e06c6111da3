/**
 * Private notes: one person's own notes on a board, the individual work
 * between talks. Sealed with AES-GCM under a key made on this device and
 * kept only here (never derived from the board link, so the partner's link
 * opens nothing), bound to the board and the note so a record moved
 * elsewhere does not open. A note sealed under a key this device no longer
 * has (storage cleared, or copied from another device) reads as null.
 */
import { openBytes, randomBytes, sealBytes, toBase64Url } from '../../shared/crypto.ts'
import { theDeviceKey } from '../device/deviceKey.ts'
import { inStore, type NoteRecord } from '../device/deviceStore.ts'

export type PrivateNote = { id: string; createdAt: number; text: string | null }

/** A private note is for thinking in, not a document; the cap keeps one from filling the device. */
export const MAX_PRIVATE_NOTE = 10_000

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function context(boardId: string, noteId: string): Uint8Array {
  return encoder.encode(`common-ground/private-note/v1/${boardId}/${noteId}`)
}

export async function addPrivateNote(boardId: string, text: string, now = Date.now()): Promise<PrivateNote | null> {
  const trimmed = text.trim().slice(0, MAX_PRIVATE_NOTE)
  if (trimmed === '') return null
  const id = toBase64Url(randomBytes(12))
  const sealed = await sealBytes(await theDeviceKey(), context(boardId, id), encoder.encode(trimmed))
  await inStore('notes', 'readwrite', (store) => store.put({ id, boardId, createdAt: now, sealed } satisfies NoteRecord))
  return { id, createdAt: now, text: trimmed }
}

/** This board's notes on this device, oldest first; a note this device cannot open has text null. */
export async function listPrivateNotes(boardId: string): Promise<PrivateNote[]> {
  const records = await inStore<NoteRecord[]>('notes', 'readonly', (store) => store.index('byBoard').getAll(boardId))
  const key = await theDeviceKey()
  const notes = await Promise.all(
    records.map(async (record): Promise<PrivateNote> => {
      try {
        const text = decoder.decode(await openBytes(key, context(boardId, record.id), record.sealed))
        return { id: record.id, createdAt: record.createdAt, text }
      } catch {
        return { id: record.id, createdAt: record.createdAt, text: null }
      }
    }),
  )
  return notes.sort((a, b) => a.createdAt - b.createdAt)
}

export function deletePrivateNote(noteId: string): Promise<undefined> {
  return inStore('notes', 'readwrite', (store) => store.delete(noteId))
}

/** Removes every private note of a board from this device (the board was deleted). */
export async function deleteBoardNotes(boardId: string): Promise<void> {
  const ids = await inStore<IDBValidKey[]>('notes', 'readonly', (store) => store.index('byBoard').getAllKeys(boardId))
  await Promise.all(ids.map((id) => inStore('notes', 'readwrite', (store) => store.delete(id))))
}

/** Re-seals this board's notes for the board it moved to (a note is bound to its board); the old ones go when the old board is forgotten. */
export async function copyBoardNotes(fromBoardId: string, toBoardId: string): Promise<void> {
  for (const note of await listPrivateNotes(fromBoardId)) {
    if (note.text !== null) await addPrivateNote(toBoardId, note.text, note.createdAt)
  }
}

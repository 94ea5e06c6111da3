/**
 * Who this device is on one board: a person id, a name, a role and a
 * colour. Kept per board (one person can join many boards under different
 * names), on this device only, sealed under the device key: the browser's
 * storage holds the board's id, never the name.
 */
import type { Role } from '../../shared/schema.ts'
import { inStore, keepForBoard, type BoardRecord } from '../device/deviceStore.ts'
import { openJson, sealJson } from '../device/sealedRecords.ts'
import { readPerson } from './people.ts'

export type Me = { personId: string; name: string; role: Role; color: string }

const context = (boardId: string) => `common-ground/identity/v1/${boardId}`
/**
 * Where versions before the sealed store kept it, in the clear: still read
 * once (and moved into the store, then removed), so a device updated from
 * an earlier version keeps its name on every board.
 */
export const legacyIdentityKey = (boardId: string) => `common-ground:board:${boardId}:me`

/** An identity as stored, checked like anything read back: by the same rules as a person on the board. */
function readMe(value: unknown): Me | null {
  if (typeof value !== 'object' || value === null) return null
  const stored = value as Record<string, unknown>
  if (typeof stored.personId !== 'string') return null
  const person = readPerson(stored.personId, { ...stored, id: stored.personId })
  return person === null ? null : { personId: person.id, name: person.name, role: person.role, color: person.color }
}

export async function storeIdentity(boardId: string, me: Me): Promise<void> {
  const sealed = await sealJson(context(boardId), me)
  await keepForBoard(boardId, 'identities', (store) => store.put({ boardId, sealed } satisfies BoardRecord))
}

/** This device's identity on the board, or null when it has not joined it (or can no longer open what it kept). */
export async function loadIdentity(boardId: string): Promise<Me | null> {
  const record = await inStore<BoardRecord | undefined>('identities', 'readonly', (store) => store.get(boardId))
  if (record !== undefined) return readMe(await openJson(context(boardId), record.sealed).catch(() => null))
  return moveLegacyIdentity(boardId)
}

/** An identity kept in the clear by an earlier version: sealed into the store, then removed from localStorage. */
async function moveLegacyIdentity(boardId: string): Promise<Me | null> {
  let me: Me | null
  try {
    me = readMe(JSON.parse(localStorage.getItem(legacyIdentityKey(boardId)) ?? 'null'))
  } catch {
    return null
  }
  if (me !== null) await storeIdentity(boardId, me)
  forgetLegacyIdentity(boardId)
  return me
}

function forgetLegacyIdentity(boardId: string): void {
  try {
    localStorage.removeItem(legacyIdentityKey(boardId))
  } catch {
    // Storage blocked: nothing was kept there either.
  }
}

export async function forgetIdentity(boardId: string): Promise<void> {
  forgetLegacyIdentity(boardId)
  await inStore('identities', 'readwrite', (store) => store.delete(boardId))
}

/** The same person on a board this one moved to: their name and colour come along, so they are not asked again. */
export async function copyIdentity(fromBoardId: string, toBoardId: string): Promise<void> {
  const me = await loadIdentity(fromBoardId)
  if (me !== null) await storeIdentity(toBoardId, me)
}

/** This device's identity on a board, as the board's components read it. */
export class Identity {
  readonly #boardId: string
  #me = $state.raw<Me | null>(null)
  #remembered = false
  /** Resolves once what this device kept has been read (or could not be). */
  readonly loaded: Promise<void>

  constructor(boardId: string) {
    this.#boardId = boardId
    this.loaded = loadIdentity(boardId).then(
      (me) => {
        // A choice made while the store was being read is newer than what it held.
        if (!this.#remembered) this.#me = me
      },
      // Storage blocked or broken: the device asks for a name, as on a first visit.
      (error: unknown) => console.info('This device could not read who it is on this board:', error),
    )
  }

  /** Null until this device has joined the board. */
  get me(): Me | null {
    return this.#me
  }

  remember(me: Me): void {
    this.#remembered = true
    this.#me = me
    // Still joined for this visit if it cannot be kept; the next visit asks for a name again.
    storeIdentity(this.#boardId, me).catch((error: unknown) => console.info('This device could not keep who it is on this board:', error))
  }
}

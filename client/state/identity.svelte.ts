import type { Role } from '../../shared/schema.ts'

/** Who this device is on one board. Kept per board, so one person can join many boards under different names. */
export type Me = { personId: string; name: string; role: Role; color: string }

export function identityKey(boardId: string): string {
  return `common-ground:board:${boardId}:me`
}

function readStored(key: string): Me | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? 'null')
    if (typeof value !== 'object' || value === null) return null
    const me = value as Record<string, unknown>
    const valid =
      typeof me.personId === 'string' &&
      typeof me.name === 'string' &&
      typeof me.color === 'string' &&
      (me.role === 'partner' || me.role === 'facilitator')
    return valid ? (value as Me) : null
  } catch {
    // Storage can be blocked (private windows, strict settings): then the device just asks again.
    return null
  }
}

/** This device's identity on a board, remembered in localStorage. */
export class Identity {
  #key: string
  #me = $state.raw<Me | null>(null)

  constructor(boardId: string) {
    this.#key = identityKey(boardId)
    this.#me = readStored(this.#key)
  }

  /** Null until this device has joined the board. */
  get me(): Me | null {
    return this.#me
  }

  remember(me: Me): void {
    try {
      localStorage.setItem(this.#key, JSON.stringify(me))
    } catch {
      // Still joined for this visit; the next visit will ask for a name again.
    }
    this.#me = me
  }
}

import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { Person, Role } from '../../shared/schema.ts'
import type { Identity, Me } from '../core/identity.svelte.ts'
import { newId } from '../core/ids.ts'
import { chooseColour, cleanName, joinBoard, peopleMap, readPeople } from '../core/people.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import { askToRemove, confirmRemoval, keepOnBoard } from './removal.ts'

/**
 * Joining a board: as someone new, or as someone who joined before on
 * another device. Whoever joins is told once, through `onJoined`, so the
 * shell can announce them and start what a first visit starts. And leaving
 * it, for someone added by mistake: one person asks, another confirms.
 */
export class PeopleModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #identity: Identity
  readonly #onJoined: (me: Me) => void

  constructor(doc: Y.Doc, clock: ServerClock, identity: Identity, onJoined: (me: Me) => void) {
    this.#doc = doc
    this.#clock = clock
    this.#identity = identity
    this.#onJoined = onJoined
  }

  /** Joins under a name and a role, in the first colour nobody wears; false when the name is blank. */
  join(name: string, role: Role): boolean {
    const cleaned = cleanName(name)
    if (cleaned === '') return false
    const personId = newId()
    const color = chooseColour(this.#doc, personId)
    joinBoard(this.#doc, { id: personId, name: cleaned, role, color, joinedAt: this.#clock.now() })
    this.#arrive({ personId, name: cleaned, role, color })
    return true
  }

  /** The same person on another device: one name on the board, not a new partner. */
  continueAs(person: Person): void {
    this.#arrive({ personId: person.id, name: person.name, role: person.role, color: person.color })
  }

  /** Someone who joined earlier but whose entry this device lost (storage cleared) is put back. */
  putBack(me: Me): void {
    if (peopleMap(this.#doc).has(me.personId)) return
    joinBoard(this.#doc, { id: me.personId, name: me.name, role: me.role, color: me.color, joinedAt: this.#clock.now() })
  }

  /** Asks the others to confirm that this person leaves the board. */
  askToRemove(personId: string, askedBy: string): void {
    askToRemove(this.#doc, this.#people(), personId, askedBy, this.#clock.now())
  }

  /** Confirms someone else's request: the person is no longer on the board. */
  confirmRemoval(personId: string, confirmedBy: string): void {
    confirmRemoval(this.#doc, this.#people(), personId, confirmedBy, this.#clock.now())
  }

  /** Takes back a request not yet confirmed. */
  keepOnBoard(personId: string): void {
    keepOnBoard(this.#doc, this.#people(), personId)
  }

  #people(): Map<string, Person> {
    return new Map(readPeople(this.#doc).map((person) => [person.id, person]))
  }

  #arrive(me: Me): void {
    this.#identity.remember(me)
    this.#onJoined(me)
  }
}

export const [getPeople, setPeople] = createContext<PeopleModel>()

import type * as Y from 'yjs'
import { createContext } from 'svelte'
import type { Identity } from '../core/identity.svelte.ts'
import { peopleMap } from '../core/people.ts'
import { removalsMap } from '../core/removals.ts'
import { watchMap } from '../core/watchMap.ts'
import type { ServerClock } from '../sync/serverClock.ts'
import {
  facilitationMap,
  movePhase,
  phaseRuleOf,
  readPhase,
  setOwnPhases,
  startPhases,
  type PhaseState,
  type TemplateId,
} from './facilitation.ts'
import { floorLength, giveFloor, readFloor, setFloorLength, type Floor } from './floor.ts'
import { setPartnersMovePhases } from './phaseMovers.ts'
import { mayMovePhases, type PhaseMovers } from './phaseRule.ts'
import { readReflectFirst, setReflectFirst, type ReflectFirst } from './reflectFirst.ts'

/**
 * A board's talks as a facilitator runs them: each talk's phase and floor,
 * re-read when any screen changes them (or the people the phase rule looks
 * at), and the moves this device's person may make. A move the phase rule
 * does not allow this person is refused here, and would be ignored where
 * it is read.
 */
export class FacilitationModel {
  readonly #doc: Y.Doc
  readonly #clock: ServerClock
  readonly #identity: Identity
  readonly #watchFacilitation: () => void
  readonly #watchPeople: () => void
  readonly #watchRemovals: () => void

  constructor(doc: Y.Doc, clock: ServerClock, identity: Identity) {
    this.#doc = doc
    this.#clock = clock
    this.#identity = identity
    this.#watchFacilitation = watchMap(facilitationMap(doc))
    this.#watchPeople = watchMap(peopleMap(doc))
    this.#watchRemovals = watchMap(removalsMap(doc))
  }

  #subscribe(): void {
    this.#watchFacilitation()
    this.#watchPeople()
    this.#watchRemovals()
  }

  get #me(): string | null {
    return this.#identity.me?.personId ?? null
  }

  phase(talkId: string): PhaseState | null {
    this.#subscribe()
    return readPhase(this.#doc, talkId)
  }

  floor(talkId: string): Floor | null {
    this.#subscribe()
    return readFloor(this.#doc, talkId)
  }

  /** The length a turn gets in this talk (ms). */
  floorLength(talkId: string): number {
    this.#subscribe()
    return floorLength(this.#doc, talkId)
  }

  /** Whether this device's person may move the phases, edit them and set the turn length. */
  get mayMovePhases(): boolean {
    this.#subscribe()
    return mayMovePhases(phaseRuleOf(this.#doc), this.#me)
  }

  /** Whether someone who joined as facilitator is on the board: then the phases are theirs unless opened. */
  get facilitatorHere(): boolean {
    this.#subscribe()
    return phaseRuleOf(this.#doc).people.some((person) => person.role === 'facilitator')
  }

  /** A facilitator's choice about the partners moving phases, naming who made it; null when none has chosen. */
  get phaseMovers(): PhaseMovers | null {
    this.#subscribe()
    return phaseRuleOf(this.#doc).movers
  }

  /** Guides the talk through one of the templates, from its first phase. */
  startPhases(talkId: string, template: TemplateId): boolean {
    const me = this.#me
    return me !== null && startPhases(this.#doc, talkId, template, me, this.#clock.now())
  }

  /** The talk's own phases, one title a line; false when there is none (or this person may not). */
  setOwnPhases(talkId: string, titles: readonly string[]): boolean {
    const me = this.#me
    return me !== null && setOwnPhases(this.#doc, talkId, titles, me, this.#clock.now())
  }

  nextPhase(talkId: string): boolean {
    const me = this.#me
    return me !== null && movePhase(this.#doc, talkId, 1, me, this.#clock.now())
  }

  previousPhase(talkId: string): boolean {
    const me = this.#me
    return me !== null && movePhase(this.#doc, talkId, -1, me, this.#clock.now())
  }

  /** The length of the talk's turns from the next one on. */
  setFloorLength(talkId: string, ms: number): boolean {
    const me = this.#me
    return me !== null && setFloorLength(this.#doc, talkId, ms, me, this.#clock.now())
  }

  /** Gives the speaking turn to a person, from now; never to oneself. */
  giveFloor(talkId: string, personId: string): boolean {
    const me = this.#me
    return me !== null && giveFloor(this.#doc, talkId, personId, me, this.#clock.now())
  }

  /** The talk's `Reflect before replying`, naming who set it; null when nobody has (it is off). */
  reflectFirst(talkId: string): ReflectFirst | null {
    this.#subscribe()
    return readReflectFirst(this.#doc, talkId)
  }

  /** Turns `Reflect before replying` on or off for the talk; false when this person may not move its phases. */
  setReflectFirst(talkId: string, on: boolean): boolean {
    const me = this.#me
    return me !== null && setReflectFirst(this.#doc, talkId, on, me, this.#clock.now())
  }

  /** A facilitator lets the partners move phases, or keeps that to facilitators again. */
  setPartnersMovePhases(open: boolean): boolean {
    const me = this.#me
    return me !== null && setPartnersMovePhases(this.#doc, open, me, this.#clock.now())
  }
}

export const [getFacilitation, setFacilitation] = createContext<FacilitationModel>()

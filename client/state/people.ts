import type * as Y from 'yjs'
import { PERSON_COLOURS, type Person } from '../../shared/schema.ts'

/** The board's people map: personId → Person. */
export function peopleMap(doc: Y.Doc): Y.Map<Person> {
  return doc.getMap<Person>('people')
}

/** Adds (or refreshes) a person on the board. */
export function joinBoard(doc: Y.Doc, person: Person): void {
  peopleMap(doc).set(person.id, person)
}

/**
 * The first colour nobody else on the board wears, so two people never
 * share a hue; once all are taken, colours repeat in order.
 */
export function chooseColour(doc: Y.Doc, forPersonId?: string): string {
  const others = [...peopleMap(doc).values()].filter((person) => person.id !== forPersonId)
  const taken = new Set(others.map((person) => person.color))
  return PERSON_COLOURS.find((colour) => !taken.has(colour)) ?? PERSON_COLOURS[others.length % PERSON_COLOURS.length]!
}

/** A person entry from another device, checked before the UI trusts it. */
export function isPerson(value: unknown): value is Person {
  if (typeof value !== 'object' || value === null) return false
  const person = value as Record<string, unknown>
  return (
    typeof person.id === 'string' &&
    typeof person.name === 'string' &&
    typeof person.color === 'string' &&
    (person.role === 'partner' || person.role === 'facilitator')
  )
}

import type * as Y from 'yjs'
import { MAX_NAME_LENGTH, PERSON_COLOURS, type Person } from '../../shared/schema.ts'
import { isTime } from './docValues.ts'

/** The board's people map: personId → Person. */
export function peopleMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>('people')
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
  const others = readPeople(doc).filter((person) => person.id !== forPersonId)
  const taken = new Set(others.map((person) => person.color))
  return PERSON_COLOURS.find((colour) => !taken.has(colour)) ?? PERSON_COLOURS[others.length % PERSON_COLOURS.length]!
}

/** Everyone on the board whose entry reads as a person, in the map's own order. */
export function readPeople(doc: Y.Doc): Person[] {
  const people: Person[] = []
  for (const [id, value] of peopleMap(doc)) {
    const person = readPerson(id, value)
    if (person !== null) people.push(person)
  }
  return people
}

/**
 * A person entry as the screen may show it, or null when it is not one.
 * The one boundary for people: an entry may come from another version of
 * the app, a faulty device, or someone who means harm, and its values reach
 * styles and text. A colour is only ever one of the palette's (anything
 * else, such as CSS smuggled into the string, is replaced by the palette
 * colour the person's id picks, the same on every screen); a name loses
 * control and direction-changing characters and is cut to the length the
 * join step allows.
 */
export function readPerson(id: string, value: unknown): Person | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  if (entry.id !== id || (entry.role !== 'partner' && entry.role !== 'facilitator')) return null
  const name = typeof entry.name === 'string' ? cleanName(entry.name) : ''
  if (name === '') return null
  return { id, name, role: entry.role, color: paletteColour(entry.color, id), joinedAt: isTime(entry.joinedAt) ? entry.joinedAt : 0 }
}

/** `colour` when it is one of the palette's; otherwise the palette colour `id` picks. */
export function paletteColour(colour: unknown, id: string): string {
  if ((PERSON_COLOURS as readonly unknown[]).includes(colour)) return colour as string
  let hash = 0
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return PERSON_COLOURS[hash % PERSON_COLOURS.length]!
}

/**
 * Control characters could break a line in a download; bidirectional
 * overrides and isolates could make a name read backwards or carry hidden
 * text into the words around it.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** A name as typed, made safe to show: one line, no hidden direction changes, at most MAX_NAME_LENGTH characters. */
export function cleanName(name: string): string {
  return name.replace(UNSAFE_IN_NAMES, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH).trim()
}

/**
 * Repair phrases on the board: which each person welcomes hearing, and the
 * ones sent in a talk.
 *
 *   doc.getMap('repairPhrases') personId → { welcome: phraseId[], at, claim }  (each person's own key; one person never overwrites another)
 *   doc.getMap('repairs')       repairId → { phraseId, byId, talkId, at }
 *
 * Only ids of the app's own phrases are kept and read: an unknown id (a
 * later version, a script) is left out, so no one's free text comes through
 * here. A malformed entry reads as absent. A phrase sent carries its
 * sender's signed 'repair' claim, and a welcome list its person's 'welcome'
 * claim: one that does not verify as theirs is never shown under their name.
 */
import type * as Y from 'yjs'
import { storedClaimOrNull } from '../core/cardView.ts'
import type { ClaimField, StoredClaim } from '../core/claims.ts'
import { compareIds, isTime } from '../core/docValues.ts'
import { newId } from '../core/ids.ts'
import { REPAIR_PHRASES, repairPhrase, type RepairPhrase, type RepairPhraseId } from './repairPhrases.ts'

export type WelcomePhrases = { personId: string; welcome: RepairPhraseId[]; at: number; claim: StoredClaim | null }
export type Repair = { id: string; phrase: RepairPhrase; byId: string; talkId: string; at: number; claim: StoredClaim | null }

export function welcomeMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('repairPhrases')
}

export function repairsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('repairs')
}

function fieldsOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null
}

export function readWelcome(personId: string, value: unknown): WelcomePhrases | null {
  const entry = fieldsOf(value)
  if (entry === null || !Array.isArray(entry.welcome) || !isTime(entry.at)) return null
  return { personId, welcome: inPaletteOrder(entry.welcome), at: entry.at, claim: storedClaimOrNull(entry.claim) }
}

/** Known phrase ids only, in the palette's order whatever order they came in: what is kept, read and signed. */
export function inPaletteOrder(ids: readonly unknown[]): RepairPhraseId[] {
  const marked = new Set(ids.flatMap((id) => repairPhrase(id)?.id ?? []))
  return REPAIR_PHRASES.flatMap((phrase) => (marked.has(phrase.id) ? [phrase.id] : []))
}

/** What a welcome list's claim signs: whose, the phrases (in the palette's order), when. */
export function welcomeFields(entry: { personId: string; welcome: readonly string[]; at: number }): ClaimField[] {
  return [entry.personId, entry.welcome.join(','), entry.at]
}

/** Ids as the app makes them (core/ids.ts): a key of any other shape is not one of its repairs. */
const REPAIR_ID = /^[A-Za-z0-9_-]{1,64}$/

export function readRepair(id: string, value: unknown): Repair | null {
  const entry = fieldsOf(value)
  if (entry === null || !REPAIR_ID.test(id)) return null
  const phrase = repairPhrase(entry.phraseId)
  const { byId, talkId, at } = entry
  if (phrase === undefined || typeof byId !== 'string' || typeof talkId !== 'string' || !isTime(at)) return null
  return { id, phrase, byId, talkId, at, claim: storedClaimOrNull(entry.claim) }
}

/** What a repair's claim signs: which, the phrase, who sent it, in which talk, when. */
export function repairFields(repair: { id: string; phraseId: string; byId: string; talkId: string; at: number }): ClaimField[] {
  return [repair.id, repair.phraseId, repair.byId, repair.talkId, repair.at]
}

/** Each person's welcome phrases, by person id. */
export function readWelcomes(doc: Y.Doc): Map<string, WelcomePhrases> {
  const welcomes = new Map<string, WelcomePhrases>()
  for (const [personId, value] of welcomeMap(doc)) {
    const entry = readWelcome(personId, value)
    if (entry !== null) welcomes.set(personId, entry)
  }
  return welcomes
}

/** Every repair sent, oldest first (ties by id, so every screen lists them alike). */
export function readRepairs(doc: Y.Doc): Repair[] {
  const repairs: Repair[] = []
  for (const [id, value] of repairsMap(doc)) {
    const repair = readRepair(id, value)
    if (repair !== null) repairs.push(repair)
  }
  return repairs.sort((a, b) => a.at - b.at || compareIds(a, b))
}

/** This person's welcome phrases (already in the palette's order), rewritten whole under their own key, with their claim. */
export function setWelcome(doc: Y.Doc, entry: Omit<WelcomePhrases, 'claim'>, claim: StoredClaim | null): void {
  const { welcome, at } = entry
  welcomeMap(doc).set(entry.personId, claim ? { welcome: [...welcome], at, claim } : { welcome: [...welcome], at })
}

/**
 * Sends a phrase to the board in a talk; returns its id, or null for a phrase the app does not know. `signed`
 * comes from a caller that drew the id and signed first, so the phrase and its claim arrive together.
 */
export function sendRepair(
  doc: Y.Doc,
  repair: { phraseId: string; byId: string; talkId: string; at: number },
  signed: { id: string; claim: StoredClaim | null } = { id: newId(), claim: null },
): string | null {
  const phrase = repairPhrase(repair.phraseId)
  if (phrase === undefined) return null
  const entry = { phraseId: phrase.id, byId: repair.byId, talkId: repair.talkId, at: repair.at }
  repairsMap(doc).set(signed.id, signed.claim === null ? entry : { ...entry, claim: signed.claim })
  return signed.id
}

/**
 * The phrases to offer first: those every receiver who marked any (`to`) welcomes hearing; the rest come under
 * "More phrases". When no receiver has marked any, all are offered alike.
 */
export function offeredPhrases(
  welcomes: ReadonlyMap<string, WelcomePhrases>,
  receivers: readonly string[],
): { to: string[]; welcome: RepairPhrase[]; more: RepairPhrase[] } {
  const to = receivers.filter((id) => (welcomes.get(id)?.welcome.length ?? 0) > 0)
  const welcome = to.length === 0 ? [] : REPAIR_PHRASES.filter((phrase) => to.every((id) => welcomes.get(id)!.welcome.includes(phrase.id)))
  return { to, welcome, more: REPAIR_PHRASES.filter((phrase) => !welcome.includes(phrase)) }
}

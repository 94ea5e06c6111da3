/**
 * A card's claims: each device that wrote or edited the card's words signs
 * them as it left them (claim kind 'card' over [cardId, authorId, lane,
 * text, createdAt]) and keeps the signature in the card's `claims` Y.Map
 * under its own device id, so two people's claims never overwrite each
 * other. Each entry also keeps the text it was signed over: a claim that no
 * longer covers the card (someone edited it since) still says who wrote
 * what, which is how two people editing at once are named (cardAuthorship.ts).
 */
import * as Y from 'yjs'
import { CardField, MAX_CARD_TEXT } from '../../shared/schema.ts'
import type { Signer } from '../../shared/signing.ts'
import { readClaim, signClaim, type ClaimField, type StoredClaim } from './claims.ts'

/** As kept in a card's `claims` map: the stored claim and the text it was signed over. */
export type CardClaimEntry = StoredClaim & { text: string }

/** A card's claim read back: shape-checked, not yet verified. */
export type CardClaim = { deviceId: string; stored: StoredClaim; text: string }

/** What of a card a claim covers. */
export type ClaimedCard = { id: string; authorId: string; lane: string; createdAt: number }

/** More devices than any couple and their therapist own: a flood of claims from a script is not all read. */
const MAX_CLAIMS_READ = 16

export function cardClaimFields(card: ClaimedCard, text: string): ClaimField[] {
  return [card.id, card.authorId, card.lane, text, card.createdAt]
}

/** Signs `text` as this device's words on `card`; what to keep under the signer's device id. */
export async function signCardText(signer: Signer, boardId: string, card: ClaimedCard, text: string): Promise<CardClaimEntry> {
  const claim = await signClaim(signer, boardId, 'card', cardClaimFields(card, text))
  return { ...claim, text }
}

/** A new card's claims map, holding its author's claim when there is one; made with the card, so two editors never each make one. */
export function newCardClaims(entry: CardClaimEntry | null): Y.Map<unknown> {
  return new Y.Map<unknown>(entry ? [[entry.deviceId, storedEntry(entry)]] : [])
}

function storedEntry(entry: CardClaimEntry): CardClaimEntry {
  return { deviceId: entry.deviceId, signature: entry.signature, text: entry.text }
}

/** Keeps `entry` in the card's claims (inside the caller's transaction), replacing this device's earlier one. */
export function keepCardClaim(fields: Y.Map<unknown>, entry: CardClaimEntry): void {
  let claims = fields.get(CardField.claims)
  if (!(claims instanceof Y.Map)) {
    claims = new Y.Map<unknown>()
    fields.set(CardField.claims, claims)
  }
  ;(claims as Y.Map<unknown>).set(entry.deviceId, storedEntry(entry))
}

/** The claims kept in a card, each under its own device's key; anything malformed is left out. */
export function readCardClaims(value: unknown): CardClaim[] {
  if (!(value instanceof Y.Map)) return []
  const claims: CardClaim[] = []
  for (const [deviceId, entry] of value as Y.Map<unknown>) {
    if (claims.length >= MAX_CLAIMS_READ) break
    const claim = readClaim(entry)
    const text = (entry as { text?: unknown } | null)?.text
    // Kept under another device's key, it could shadow that device's own claim: not read.
    if (claim === null || claim.deviceId !== deviceId || typeof text !== 'string' || text.length > MAX_CARD_TEXT) continue
    const signature = (entry as { signature: string }).signature
    claims.push({ deviceId, stored: { deviceId, signature }, text })
  }
  return claims
}

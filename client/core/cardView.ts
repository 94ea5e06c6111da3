/**
 * Reading cards out of the doc (writing them is the cards feature's, in
 * cards/cards.ts). A card may come from another version of the
 * app or a faulty device, so every field is checked; a card without its
 * essentials is skipped, and an odd optional field is read as absent.
 */
import * as Y from 'yjs'
import {
  CardField,
  INTENSITY_MAX,
  INTENSITY_MIN,
  LANES,
  MAX_CARD_TEXT,
  MAX_CARD_WORDS,
  MAX_REFLECTION_TEXT,
  ReflectionField,
  type AgreementVersion,
  type LaneId,
  type Recurrence,
  type ReflectionAnswer,
} from '../../shared/schema.ts'
import { readCardClaims, type CardClaim } from './cardClaims.ts'
import { readCardThemes, type CardTheme } from './cardThemes.ts'
import { readClaim, type StoredClaim } from './claims.ts'
import { compareIds, isTime } from './docValues.ts'
import { readMoreTurns, type MoreTurn } from './moreTurns.ts'

export type ReflectionView = {
  id: string
  byId: string
  text: string
  at: number
  answer: ReflectionAnswer | null
  answerNote: string
  answeredAt: number | null
  /** The author's claim on the answer (shape-checked, not verified); null when unsigned. */
  answerClaim: StoredClaim | null
  /** "Is there more?" and what the author added, oldest first: only the listener's asks and the author's additions. */
  more: MoreTurn[]
}

export type AgreementView = {
  revisionId: string
  /** Who wrote the current text: the proposer, or whoever revised it last. */
  currentById: string
  /** Who revised it last; null while the text is the proposer's. */
  revisedById: string | null
  /** People who accepted the current text: always its writer (proposing or revising is accepting), then whoever said yes. */
  acceptedBy: string[]
  /** Each acceptance's signed claim (shape-checked, not verified): personId → the claim, for the current text or an earlier one. */
  acceptances: ReadonlyMap<string, StoredClaim>
  /** Who withdrew it after it was agreed, and when, with the withdrawer's claim; null while it stands. */
  withdrawn: { byId: string; at: number; claim: StoredClaim | null } | null
  /** Earlier texts, oldest first. */
  history: AgreementVersion[]
  recurrence: Recurrence | null
}

/** One card as the UI shows it: a plain snapshot of its Y.Map. */
export type CardView = {
  id: string
  lane: LaneId
  text: string
  authorId: string
  createdAt: number
  talkId: string | null
  editedAt: number | null
  intensity: number | null
  words: string[]
  /** Oldest first. */
  reflections: ReflectionView[]
  /** Present on agreements only. */
  agreement: AgreementView | null
  /** Each device's signature over the words as it left them, shape-checked, not yet verified (core/cardAuthorship.ts judges them). */
  claims: CardClaim[]
  /** The themes given to the card, or taken off it, each with its giver's claim (shape-checked, not verified). */
  themes: CardTheme[]
}

/** The board's cards map: cardId → Y.Map holding CardField keys. */
export function cardsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>('cards')
}

const laneIds = new Set<string>(LANES.map((lane) => lane.id))
/** Longer than any word or short phrase of the vocabularies; a free word past it is cut. */
const MAX_WORD_LENGTH = 60

/** Reads a card written by any device, or null when it is malformed (another version, a bad peer). */
export function readCard(id: string, fields: unknown): CardView | null {
  if (!(fields instanceof Y.Map)) return null
  const lane = fields.get(CardField.lane)
  const text = fields.get(CardField.text)
  const authorId = fields.get(CardField.authorId)
  const createdAt = fields.get(CardField.createdAt)
  if (typeof lane !== 'string' || !laneIds.has(lane)) return null
  if (!(text instanceof Y.Text) || typeof authorId !== 'string' || !isTime(createdAt)) return null
  const words = readWords(fields.get(CardField.words))
  if (text.length === 0 && words.length === 0) return null
  return {
    id,
    lane: lane as LaneId,
    // Cut to what a card holds: a peer that wrote more (a script, not the app) cannot flood the screen.
    text: text.toString().slice(0, MAX_CARD_TEXT),
    authorId,
    createdAt,
    talkId: optionalString(fields.get(CardField.talkId)),
    editedAt: isTime(fields.get(CardField.editedAt)) ? (fields.get(CardField.editedAt) as number) : null,
    intensity: readIntensity(fields.get(CardField.intensity)),
    words,
    reflections: readReflections(fields.get(CardField.reflections), authorId),
    agreement: lane === 'agreements' ? readAgreement(fields) : null,
    claims: readCardClaims(fields.get(CardField.claims)),
    themes: readCardThemes(fields.get(CardField.themes)),
  }
}

/** Oldest first; ties (same millisecond on two devices) broken by id so every screen agrees. */
export function byPlacement(a: CardView, b: CardView): number {
  return a.createdAt - b.createdAt || compareIds(a, b)
}

/** What a card says, for its accessible name: its text, or its words when it has no text. */
export function cardLabel(card: CardView): string {
  return card.text !== '' ? card.text : card.words.join(', ')
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

export function readIntensity(value: unknown): number | null {
  return Number.isInteger(value) && (value as number) >= INTENSITY_MIN && (value as number) <= INTENSITY_MAX ? (value as number) : null
}

export function readWords(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  return value
    .filter((word): word is string => typeof word === 'string' && word.trim() !== '')
    .slice(0, MAX_CARD_WORDS)
    .map((word) => word.replace(/\s+/g, ' ').trim().slice(0, MAX_WORD_LENGTH))
}

function readReflections(value: unknown, authorId: string): ReflectionView[] {
  if (!(value instanceof Y.Map)) return []
  const reflections: ReflectionView[] = []
  for (const [id, fields] of value as Y.Map<unknown>) {
    if (!(fields instanceof Y.Map)) continue
    const byId = fields.get(ReflectionField.byId)
    const text = fields.get(ReflectionField.text)
    const at = fields.get(ReflectionField.at)
    if (typeof byId !== 'string' || typeof text !== 'string' || text === '' || !isTime(at)) continue
    const answer = fields.get(ReflectionField.answer)
    const answeredAt = fields.get(ReflectionField.answeredAt)
    const answered = (answer === 'heard' || answer === 'not-quite') && isTime(answeredAt)
    reflections.push({
      id,
      byId,
      text: text.slice(0, MAX_REFLECTION_TEXT),
      at,
      answer: answered ? answer : null,
      answerNote: answered ? (optionalString(fields.get(ReflectionField.answerNote)) ?? '').slice(0, MAX_REFLECTION_TEXT) : '',
      answeredAt: answered ? answeredAt : null,
      answerClaim: answered ? storedClaimOrNull(fields.get(ReflectionField.answerClaim)) : null,
      more: readMoreTurns(fields.get(ReflectionField.more), { listenerId: byId, authorId }),
    })
  }
  return reflections.sort((a, b) => a.at - b.at || compareIds(a, b))
}

function readAgreement(fields: Y.Map<unknown>): AgreementView {
  const revisionId = optionalString(fields.get(CardField.revisionId)) ?? ''
  const revisedById = optionalString(fields.get(CardField.revisedBy))
  const currentById = revisedById ?? (fields.get(CardField.authorId) as string)
  // Boards from before "proposing is accepting" hold no yes from the writer: it is read as given.
  const acceptedBy = new Set([currentById])
  const accepted = fields.get(CardField.acceptedBy)
  if (accepted instanceof Y.Map) {
    for (const [personId, acceptedRevision] of accepted as Y.Map<unknown>) {
      if (acceptedRevision === revisionId) acceptedBy.add(personId)
    }
  }
  const history = fields.get(CardField.history)
  const withdrawnBy = fields.get(CardField.withdrawnBy)
  const withdrawnAt = fields.get(CardField.withdrawnAt)
  return {
    revisionId,
    currentById,
    revisedById,
    acceptedBy: [...acceptedBy].sort(),
    acceptances: readStoredClaims(fields.get(CardField.acceptances)),
    withdrawn:
      typeof withdrawnBy === 'string' && isTime(withdrawnAt)
        ? { byId: withdrawnBy, at: withdrawnAt, claim: storedClaimOrNull(fields.get(CardField.withdrawnClaim)) }
        : null,
    history: history instanceof Y.Array ? (history.toArray() as unknown[]).flatMap(readAgreementVersion) : [],
    recurrence: readRecurrence(fields.get(CardField.recurrence)),
  }
}

/** A Y.Map of personId → StoredClaim, keeping only entries shaped like a claim. */
export function readStoredClaims(value: unknown): Map<string, StoredClaim> {
  const claims = new Map<string, StoredClaim>()
  if (!(value instanceof Y.Map)) return claims
  for (const [personId, stored] of value as Y.Map<unknown>) {
    const claim = storedClaimOrNull(stored)
    if (claim !== null) claims.set(personId, claim)
  }
  return claims
}

/** The stored claim as it was kept (its signature still base64url), or null when it is not shaped like one. */
export function storedClaimOrNull(value: unknown): StoredClaim | null {
  if (readClaim(value) === null) return null
  const { deviceId, signature } = value as StoredClaim
  return { deviceId, signature }
}

function readAgreementVersion(value: unknown): AgreementVersion[] {
  if (typeof value !== 'object' || value === null) return []
  const version = value as Record<string, unknown>
  const valid =
    typeof version.text === 'string' &&
    typeof version.byId === 'string' &&
    isTime(version.at) &&
    Array.isArray(version.acceptedBy) &&
    version.acceptedBy.every((id) => typeof id === 'string')
  if (!valid) return []
  return [
    {
      text: (version.text as string).slice(0, MAX_CARD_TEXT),
      byId: version.byId as string,
      at: version.at as number,
      // Its writer had accepted it, as with the current text, on boards from before that was written down too.
      acceptedBy: [...new Set([version.byId as string, ...(version.acceptedBy as string[])])],
      recurrence: readRecurrence(version.recurrence),
    },
  ]
}

export function readRecurrence(value: unknown): Recurrence | null {
  if (typeof value !== 'object' || value === null) return null
  const recurrence = value as Record<string, unknown>
  if (recurrence.every === 'day' || recurrence.every === 'month') return { every: recurrence.every }
  const weekday = recurrence.weekday
  if (recurrence.every === 'week' && Number.isInteger(weekday) && (weekday as number) >= 0 && (weekday as number) <= 6) {
    return { every: 'week', weekday: weekday as number }
  }
  return null
}

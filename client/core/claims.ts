/**
 * A claim: a person's device vouching for something on the board — a
 * card's author and text, accepting a version of an agreement, a check-in,
 * `Heard`, ending a talk, `I'm ready`. The signature is kept in the record
 * it vouches for, so it outlives snapshots and compaction, and covers the
 * fields that make the record what it is (claimFields), so a copied or
 * altered record no longer verifies. Who may be believed is
 * core/deviceTrust.ts; checking, once per claim, is core/claimVerifier.
 */
import { toBase64Url } from '../../shared/crypto.ts'
import { bytesOf, claimBytes, type Signer } from '../../shared/signing.ts'

export type ClaimKind =
  /**
   * [cardId, authorId, lane, text, createdAt]: the words on a card as the signing person left them —
   * the author's own, or, signed by anyone else, their edit. Kept in the card's `claims` Y.Map
   * (deviceId → StoredClaim), so two people's claims never overwrite each other.
   */
  | 'card'
  /** [cardId, revisionId, text]: the signing person accepts (or, as its writer, proposes) this version of an agreement. */
  | 'accept'
  /** [talkId, cardId, personId, mark, note]: a check-in. */
  | 'check-in'
  /** [cardId, reflectionId, reflectionText, answer]: the card's author answers a reflection. */
  | 'answer'
  /** [cardId, reflectionId, moreId, text]: the card's author adds more after the listener asked `Is there more?`. */
  | 'more'
  /** [talkId, endedAt]: the signing person ended the talk. */
  | 'end-talk'
  /** [pauseId, personId, at]: the signing person is ready to go on. */
  | 'ready'
  /** [boardId, reason, at]: the signing person deleted or moved the board. */
  | 'retire'
  /** [cardId, revisionId, at]: the signing person withdrew an agreed agreement. */
  | 'withdraw'
  /** [personId, day, safety, trust, connection, line]: the signing person's daily check-in (core/dailyCheckIns.ts). */
  | 'daily-check-in'
  /** [date, time, timeZone, weekly, byId, at]: the signing person set the next talk (core/nextTalk.ts). */
  | 'next-talk'
  /** [byId, at]: the signing person cleared the next talk. */
  | 'next-talk-cleared'
  /** [cardId, answerId, text, at]: the signing person's answer to a question (core/questions.ts); [cardId, personId, mark, at] its asker's mark. */
  | 'question-answer'
  | 'question-mark'
  /** [repairId, phraseId, byId, talkId, at]: the signing person sent a repair phrase in a talk (repair/repairs.ts). */
  | 'repair'
  /** [personId, phraseIds joined by ',', at]: the repair phrases the signing person welcomes hearing (repair/repairs.ts). */
  | 'welcome'
  /** [cardId, themeId, personId, given, at]: the signing person gave a card a theme, or took it off (core/cardThemes.ts). */
  | 'theme'

export type ClaimField = string | number | boolean | null

/** As kept in the doc: which device signed, and its signature in base64url. */
export type StoredClaim = { deviceId: string; signature: string }

/** A claim read back: shape-checked, not yet verified. */
export type Claim = { deviceId: string; signature: Uint8Array }

/** Signs `fields` as a claim of `kind` on the board; the result is stored beside what it vouches for. */
export async function signClaim(signer: Signer, boardId: string, kind: ClaimKind, fields: readonly ClaimField[]): Promise<StoredClaim> {
  const signature = await signer.sign(claimBytes(boardId, kind, fields))
  return { deviceId: signer.deviceId, signature: toBase64Url(signature) }
}

/** A stored claim, or null when the value is not one (absent, from before signing, or malformed). */
export function readClaim(value: unknown): Claim | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  if (typeof entry.deviceId !== 'string' || entry.deviceId === '' || entry.deviceId.length > 64) return null
  const signature = bytesOf(entry.signature)
  if (signature === null || signature.length === 0 || signature.length > 132) return null
  return { deviceId: entry.deviceId, signature }
}

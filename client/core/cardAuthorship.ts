/**
 * Whose words a card holds, as this device can vouch for them: the one rule
 * the card, the talk summary and the Markdown copy all follow, so nothing
 * unverified is ever shown or printed as someone's. A card's claims
 * (cardClaims.ts) are judged with BoardTrust's verdicts; names come from
 * the board's people, never from a claim.
 */
import type { BoardTrust } from './boardTrust.svelte.ts'
import type { Verdict } from './claimCheck.ts'
import { cardClaimFields, type CardClaim, type ClaimedCard } from './cardClaims.ts'
import { isBelieved } from './deviceTrust.ts'
import { changedSpan } from './textSpan.ts'

export type Authorship =
  /** Not known yet: shown as nothing special. */
  | { kind: 'checking' }
  /** The author's own words, signed by a believed device of theirs. */
  | { kind: 'author' }
  /** Someone else's (or, when two edited at once, two people's) signed words: never the author's. */
  | { kind: 'edited'; byIds: string[] }
  /** No signature, and written before its author's device signed: an old board's card. */
  | { kind: 'unsigned' }
  /** Signed by a device of `personId` that this device does not believe yet. */
  | { kind: 'unconfirmed'; personId: string }
  /** Nothing believed vouches for these words. */
  | { kind: 'not-verified' }

/** One claim of a card with BoardTrust's verdict on it, over the text it was signed over. */
export type ClaimReading = { claim: CardClaim; verdict: Verdict }

export type AuthorshipInput = {
  card: ClaimedCard & { text: string }
  readings: readonly ClaimReading[]
  /**
   * Whether the author had a believed signing device on the board when the card was placed: their
   * device signs all it writes since, so a card of theirs without a claim is not from it.
   */
  authorSignedThen: boolean
}

export function cardAuthorship({ card, readings, authorSignedThen }: AuthorshipInput): Authorship {
  if (readings.length === 0) return authorSignedThen ? { kind: 'not-verified' } : { kind: 'unsigned' }
  if (readings.some((reading) => reading.verdict.state === 'checking')) return { kind: 'checking' }
  const believed = readings.flatMap((reading) =>
    reading.verdict.state === 'verified' ? [{ personId: reading.verdict.personId, text: reading.claim.text }] : [],
  )
  const overNow = believed.filter((claim) => claim.text === card.text)
  if (overNow.some((claim) => claim.personId === card.authorId)) return { kind: 'author' }
  if (overNow.length > 0) return { kind: 'edited', byIds: distinct(overNow.map((claim) => claim.personId)) }
  const unconfirmed = readings.find((reading) => reading.claim.text === card.text && reading.verdict.state === 'unconfirmed')
  if (unconfirmed?.verdict.state === 'unconfirmed') return { kind: 'unconfirmed', personId: unconfirmed.verdict.personId }
  for (const [index, first] of believed.entries()) {
    for (const second of believed.slice(index + 1)) {
      if (first.personId !== second.personId && isMergeOf(first.text, second.text, card.text)) {
        return { kind: 'edited', byIds: distinct([first.personId, second.personId]) }
      }
    }
  }
  return { kind: 'not-verified' }
}

/** A card as the rule reads it: what its claims cover, its words, and its claims. */
export type ClaimedCardView = ClaimedCard & { text: string; claims: readonly CardClaim[] }

/** The card's authorship as far as it is known now, for the screen: reactive, `checking` until its claims are checked. */
export function authorshipOf(trust: Pick<BoardTrust, 'verdict' | 'devicesOf'>, card: ClaimedCardView): Authorship {
  const readings = card.claims.map((claim) => ({
    claim,
    verdict: trust.verdict('card', cardClaimFields(card, claim.text), claim.stored, null),
  }))
  return cardAuthorship({ card, readings, authorSignedThen: authorSignedThen(trust, card) })
}

/** The card's authorship once every claim is checked: for Node, tests and anything off the screen. */
export async function checkAuthorship(
  trust: Pick<BoardTrust, 'check' | 'devicesOf' | 'whenAssessed'>,
  card: ClaimedCardView,
): Promise<Authorship> {
  await trust.whenAssessed
  const readings = await Promise.all(
    card.claims.map(async (claim) => ({
      claim,
      verdict: await trust.check('card', cardClaimFields(card, claim.text), claim.stored, null),
    })),
  )
  return cardAuthorship({ card, readings, authorSignedThen: authorSignedThen(trust, card) })
}

function authorSignedThen(trust: Pick<BoardTrust, 'devicesOf'>, card: ClaimedCard): boolean {
  return trust.devicesOf(card.authorId).some((device) => isBelieved(device.standing) && device.record.addedAt <= card.createdAt)
}

/**
 * Whether `merged` is what two single edits made at once from one earlier
 * text give when Yjs merges them: it agrees with `first` everywhere but
 * where `second` changed the text, and the other way round, and those two
 * places lie apart. Then the text both began from is `merged` with each
 * edit put back, and each signed text is that text with its own edit alone.
 * Anything else (a third hand's words, a change neither made) is no one's
 * signed text.
 */
export function isMergeOf(first: string, second: string, merged: string): boolean {
  if (first === merged || second === merged || first === second) return false
  // Where `merged` differs from `first` is the second edit, and the other way round.
  const secondEdit = changedSpan(first, merged)
  const firstEdit = changedSpan(second, merged)
  const regions = [
    { start: secondEdit.start, end: secondEdit.start + secondEdit.inserted.length },
    { start: firstEdit.start, end: firstEdit.start + firstEdit.inserted.length },
  ].sort((a, b) => a.start - b.start)
  // Touching edits are left out: there a made-up earlier text could pass two signed texts off as a third.
  return regions[0]!.end < regions[1]!.start
}

function distinct(ids: string[]): string[] {
  return [...new Set(ids)]
}

/** The quiet line a card shows under its words; null when nothing needs saying. */
export function authorshipLine(authorship: Authorship, nameOf: (personId: string) => string): string | null {
  switch (authorship.kind) {
    case 'checking':
    case 'author':
      return null
    case 'edited':
      return `Edited by ${authorship.byIds.map(nameOf).join(' and ')}`
    case 'unsigned':
      return 'Written before signing'
    case 'unconfirmed':
      return `From a device of ${nameOf(authorship.personId)}’s that is not confirmed yet`
    case 'not-verified':
      return 'Could not be verified. Check together to see why.'
  }
}

/**
 * Who a printed copy (a summary, the Markdown copy) says wrote a card: the
 * author only when their device vouches for the words, or when the card is
 * from before signing; otherwise what this device can say.
 */
export function printedAuthor(authorship: Authorship, authorId: string, nameOf: (personId: string) => string): string {
  switch (authorship.kind) {
    case 'author':
      return nameOf(authorId)
    case 'unsigned':
      return `${nameOf(authorId)} (written before signing)`
    case 'edited':
      return `${nameOf(authorId)}’s card, edited by ${authorship.byIds.map(nameOf).join(' and ')}`
    case 'unconfirmed':
      return `From a device of ${nameOf(authorship.personId)}’s that is not confirmed yet`
    case 'checking':
      return 'Not checked yet'
    case 'not-verified':
      return 'Could not be verified'
  }
}

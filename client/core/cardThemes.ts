/**
 * Themes on a card: the underlying issues the guide names, given to a card
 * by anyone on the board so that Patterns can count them over time. Kept in
 * the card's `themes` Y.Map, one key per theme, so two people tagging a card
 * at once never overwrite each other's themes:
 *
 *   themeId → { byId, at, given, claim? }
 *
 * `given: false` is a theme taken off, kept (not deleted) so the card can say
 * who took it off and anyone can give it again. The giver signs a 'theme'
 * claim over what the entry says (claims.ts): who gave a theme is shown, and
 * counted, only when it verifies as theirs. A malformed entry reads as
 * absent; an unknown theme id is ignored.
 */
import * as Y from 'yjs'
import { CardField } from '../../shared/schema.ts'
import { readClaim, type ClaimField, type StoredClaim } from './claims.ts'
import { isTime } from './docValues.ts'

/** The guide's underlying issues, in its order; `label` is how a sentence names one. */
export const THEMES = [
  { id: 'communication', label: 'communication habits' },
  { id: 'unmet-needs', label: 'unmet needs' },
  { id: 'past-hurts', label: 'past hurts' },
  { id: 'boundaries', label: 'boundaries' },
  { id: 'unresolved-conflicts', label: 'unresolved conflicts' },
] as const

export type ThemeId = (typeof THEMES)[number]['id']

/** One theme on a card as read: given (or taken off) by `byId` at `at`, with its claim shape-checked, not verified. */
export type CardTheme = { themeId: ThemeId; byId: string; at: number; given: boolean; claim: StoredClaim | null }

const themeIds = new Set<string>(THEMES.map((theme) => theme.id))

export function isThemeId(value: unknown): value is ThemeId {
  return typeof value === 'string' && themeIds.has(value)
}

export function themeLabel(themeId: ThemeId): string {
  return THEMES.find((theme) => theme.id === themeId)!.label
}

/** What a theme's claim signs: which card, which theme, who, given or taken off, and when. */
export function themeClaimFields(cardId: string, theme: Pick<CardTheme, 'themeId' | 'byId' | 'at' | 'given'>): ClaimField[] {
  return [cardId, theme.themeId, theme.byId, theme.given, theme.at]
}

/** A card's themes in the guide's order; anything malformed or unknown is left out. */
export function readCardThemes(value: unknown): CardTheme[] {
  if (!(value instanceof Y.Map)) return []
  const themes: CardTheme[] = []
  for (const [themeId, entry] of value as Y.Map<unknown>) {
    if (!isThemeId(themeId) || typeof entry !== 'object' || entry === null) continue
    const { byId, at, given, claim } = entry as Record<string, unknown>
    if (typeof byId !== 'string' || byId === '' || !isTime(at) || typeof given !== 'boolean') continue
    themes.push({
      themeId,
      byId,
      at,
      given,
      claim: readClaim(claim) === null ? null : { deviceId: (claim as StoredClaim).deviceId, signature: (claim as StoredClaim).signature },
    })
  }
  const order = THEMES.map((theme) => theme.id as string)
  return themes.sort((a, b) => order.indexOf(a.themeId) - order.indexOf(b.themeId))
}

/**
 * Writes one theme's entry on a card (inside the caller's transaction). A card
 * placed since themes exist holds its `themes` map from the start; an older
 * card gets one here.
 */
export function keepCardTheme(fields: Y.Map<unknown>, theme: CardTheme): void {
  let themes = fields.get(CardField.themes)
  if (!(themes instanceof Y.Map)) {
    themes = new Y.Map<unknown>()
    fields.set(CardField.themes, themes)
  }
  const { themeId, byId, at, given, claim } = theme
  ;(themes as Y.Map<unknown>).set(themeId, claim === null ? { byId, at, given } : { byId, at, given, claim })
}

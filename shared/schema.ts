/**
 * The board's shape inside its Y.Doc, shared by every screen. All writes go
 * through the typed functions in client/state; this module only names the
 * parts so that nobody spells a map key twice.
 *
 *   doc.getMap('people')  personId → Person       who has joined, kept after they leave
 *   doc.getMap('cards')   cardId   → Y.Map         one card: see CardField
 */

export const LANES = [
  { id: 'feelings', title: 'Feelings', addLabel: 'Add a feeling' },
  { id: 'needs', title: 'Needs', addLabel: 'Add a need' },
  { id: 'agreements', title: 'Agreements', addLabel: 'Propose an agreement' },
] as const satisfies readonly { id: string; title: string; addLabel: string }[]

export type LaneId = (typeof LANES)[number]['id']

export type Role = 'partner' | 'facilitator'

export type Person = {
  id: string
  name: string
  /** A colour from PERSON_COLOURS, so names never clash in hue on one board. */
  color: string
  role: Role
  joinedAt: number
}

/** Keys of a card's Y.Map. `text` is a Y.Text so two people typing merge. */
export const CardField = {
  lane: 'lane',
  text: 'text',
  authorId: 'authorId',
  /** Server time in milliseconds, so every screen orders cards alike. */
  createdAt: 'createdAt',
} as const

/** The longest text a card takes; longer pastes are cut with a note. */
export const MAX_CARD_TEXT = 2000

export const MAX_NAME_LENGTH = 40

/**
 * Calm, distinguishable person colours with at least 4.5:1 contrast against
 * white text and the light card background alike.
 */
export const PERSON_COLOURS = ['#2f6f8f', '#8a4f7d', '#4f7a3a', '#9a5b2e', '#5b5fa8', '#2f7d74'] as const

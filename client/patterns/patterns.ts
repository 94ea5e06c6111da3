/**
 * Patterns across talks, counted on this device from the board: the
 * feelings and needs that come back for each person, the agreements most
 * often kept and missed, and the themes people gave cards, month by month.
 * Plain functions of what the shell and the board hand in, so Node counts
 * what the screen shows. What is counted as someone's is only what verifies
 * as theirs; the rest is counted apart, so the sheet can say so calmly.
 *
 * A card counts in the talk it was placed in, once: carried into a later
 * talk it stays a word of its own talk (carrying it is taking it up again,
 * not saying it again). A removed card is gone from the board and from here.
 */
import type { CheckIn, Talk } from '../../shared/schema.ts'
import type { Authorship } from '../core/cardAuthorship.ts'
import type { CardTheme, ThemeId } from '../core/cardThemes.ts'
import { THEMES } from '../core/cardThemes.ts'
import type { CardView } from '../core/cardView.ts'
import { checkInOutcomes } from '../core/checkInOutcomes.ts'
import { localDay } from '../core/dailyCheckIns.ts'
import { FEELINGS } from '../vocabulary/feelings.ts'
import { NEEDS } from '../vocabulary/needs.ts'
import { vocabularyWord, type VocabularyGroup } from '../vocabulary/vocabulary.ts'

/**
 * How many of the latest talks a recurring word is counted over: about six
 * weeks of weekly talks, long enough for something to come back, short
 * enough to be about now rather than the whole history.
 */
export const RECENT_TALKS = 6

/** A word is a pattern once it comes up in this many of the recent talks: once is a moment, twice is coming back. */
export const RECURS_FROM = 2

export type WordLane = 'feelings' | 'needs'

const VOCABULARIES: Record<WordLane, readonly VocabularyGroup[]> = { feelings: FEELINGS, needs: NEEDS }

/** One word that keeps coming back for one person: in `talks` of the last `of` talks. */
export type RecurringWord = { word: string; lane: WordLane; talks: number; of: number }

export type PersonWords = { personId: string; words: RecurringWord[] }

export type RecurringWords = {
  /** How many talks were looked at: the last RECENT_TALKS held, or fewer on a young board. */
  of: number
  /** Each person with a word that recurs, in the order first met. */
  people: PersonWords[]
  /** Feelings and needs cards in those talks not counted as their author's: their authorship does not verify (yet). */
  notCounted: number
}

/**
 * The vocabulary words a feelings or needs card names: the words picked on
 * it, as the list spells them; when none was picked, its text when it is
 * exactly one of the list's words (no guessing at near misses).
 */
export function cardVocabularyWords(card: Pick<CardView, 'lane' | 'text' | 'words'>): string[] {
  if (card.lane !== 'feelings' && card.lane !== 'needs') return []
  const groups = VOCABULARIES[card.lane]
  const picked = card.words.flatMap((word) => vocabularyWord(groups, word) ?? [])
  if (card.words.length > 0) return [...new Set(picked)]
  const fromText = vocabularyWord(groups, card.text)
  return fromText === null ? [] : [fromText]
}

/**
 * Per person, the feelings and needs that came up in at least RECURS_FROM of
 * the last `recent` talks, most talks first. `authorship` is the card's
 * (core/cardAuthorship.ts): only the author's own words count as theirs;
 * one still being checked is left for now, and the others are counted apart.
 */
export function recurringWords(
  cards: readonly CardView[],
  talks: readonly Talk[],
  authorship: (card: CardView) => Authorship['kind'],
  recent: number = RECENT_TALKS,
): RecurringWords {
  const window = new Set(talks.slice(-recent).map((talk) => talk.id))
  // personId → "lane word" → the talks it came up in
  const seen = new Map<string, Map<string, { lane: WordLane; word: string; talks: Set<string> }>>()
  let notCounted = 0
  for (const card of cards) {
    if (card.talkId === null || !window.has(card.talkId)) continue
    const words = cardVocabularyWords(card)
    if (words.length === 0) continue
    const kind = authorship(card)
    if (kind === 'checking') continue
    if (kind !== 'author') {
      notCounted++
      continue
    }
    const personal = seen.get(card.authorId) ?? new Map()
    seen.set(card.authorId, personal)
    for (const word of words) {
      const key = `${card.lane} ${word}`
      const entry = personal.get(key) ?? { lane: card.lane as WordLane, word, talks: new Set<string>() }
      entry.talks.add(card.talkId)
      personal.set(key, entry)
    }
  }
  const of = window.size
  const people = [...seen].flatMap(([personId, personal]): PersonWords[] => {
    const words = [...personal.values()]
      .filter((entry) => entry.talks.size >= RECURS_FROM)
      .map((entry): RecurringWord => ({ word: entry.word, lane: entry.lane, talks: entry.talks.size, of }))
      .sort((a, b) => b.talks - a.talks || a.lane.localeCompare(b.lane) || a.word.localeCompare(b.word))
    return words.length === 0 ? [] : [{ personId, words }]
  })
  return { of, people, notCounted }
}

/** "reassurance — in 5 of the last 6 talks" */
export function describeRecurring(word: RecurringWord): string {
  return `${word.word} — in ${word.talks} of the last ${word.of} talks`
}

/** How often one agreement was kept and missed at check-ins, counted once per talk. */
export type AgreementTally = { cardId: string; kept: number; missed: number }

/**
 * The agreements most often kept and most often missed, from the check-in
 * marks that count (the shell hands in only partners' marks that verify as
 * theirs, as the trust account counts). An agreement the partners saw
 * differently at a talk is neither, there. At most `top` of each, most first.
 */
export function agreementTallies(countedMarks: readonly CheckIn[], top = 5): { kept: AgreementTally[]; missed: AgreementTally[] } {
  const tallies = new Map<string, AgreementTally>()
  for (const point of checkInOutcomes(countedMarks)) {
    const tally = tallies.get(point.cardId) ?? { cardId: point.cardId, kept: 0, missed: 0 }
    if (point.outcome === 'kept') tally.kept++
    if (point.outcome === 'missed') tally.missed++
    tallies.set(point.cardId, tally)
  }
  const all = [...tallies.values()]
  const most = (by: 'kept' | 'missed') =>
    all
      .filter((tally) => tally[by] > 0)
      .sort((a, b) => b[by] - a[by] || (a.cardId < b.cardId ? -1 : 1))
      .slice(0, top)
  return { kept: most('kept'), missed: most('missed') }
}

/** "kept at 3 talks", "missed at 1 talk" */
export function describeTally(count: number, how: 'kept' | 'missed'): string {
  return `${how} at ${count} ${count === 1 ? 'talk' : 'talks'}`
}

/** The months shown: at most a year, so the table stays readable on a phone. */
export const THEME_MONTHS = 12

export type ThemesOverTime = {
  /** Months as YYYY-MM in the viewer's time zone, oldest first, each month from the first theme to the last. */
  months: string[]
  /** Every theme, in the guide's order: how many cards carry it in each month. */
  rows: { themeId: ThemeId; counts: number[]; total: number }[]
  /** Themes on cards not counted: who gave them does not verify (yet). */
  notCounted: number
}

/**
 * Per theme, how many cards were given it, by the month the card was
 * placed. A card counts once per theme whoever gave it; a theme taken off
 * does not count; a theme counts only when `verified` says its giver's claim
 * is theirs (one still being checked is left for now).
 */
export function themesOverTime(
  cards: readonly CardView[],
  verdict: (card: CardView, theme: CardTheme) => 'verified' | 'checking' | 'other',
  timeZone?: string,
): ThemesOverTime {
  const byMonth = new Map<string, Map<ThemeId, number>>()
  let notCounted = 0
  for (const card of cards) {
    for (const theme of card.themes) {
      if (!theme.given) continue
      const state = verdict(card, theme)
      if (state === 'checking') continue
      if (state !== 'verified') {
        notCounted++
        continue
      }
      const month = localDay(card.createdAt, timeZone).slice(0, 7)
      const counts = byMonth.get(month) ?? new Map<ThemeId, number>()
      counts.set(theme.themeId, (counts.get(theme.themeId) ?? 0) + 1)
      byMonth.set(month, counts)
    }
  }
  const months = monthsBetween([...byMonth.keys()].sort()).slice(-THEME_MONTHS)
  const rows = THEMES.map(({ id }) => {
    const counts = months.map((month) => byMonth.get(month)?.get(id) ?? 0)
    return { themeId: id as ThemeId, counts, total: counts.reduce((sum, count) => sum + count, 0) }
  })
  return { months, rows, notCounted }
}

/** Every month from the first to the last of `sorted` (YYYY-MM), so a quiet month shows as a 0, not a gap. */
function monthsBetween(sorted: readonly string[]): string[] {
  const first = sorted[0]
  const last = sorted.at(-1)
  if (first === undefined || last === undefined) return []
  const months: string[] = []
  let [year, month] = first.split('-').map(Number) as [number, number]
  for (let key = first; key <= last; key = `${year}-${String(month).padStart(2, '0')}`) {
    months.push(key)
    month++
    if (month > 12) {
      month = 1
      year++
    }
  }
  return months
}

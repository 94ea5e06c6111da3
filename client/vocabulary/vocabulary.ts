/** A named family of words, e.g. "Afraid" holding "scared", "on edge", … */
export type VocabularyGroup = { name: string; words: readonly string[] }

/** Folds case, accents and spacing away, so "  Épuisé " and "epuise" compare equal. */
function foldForSearch(text: string): string {
  // Lower-casing first lets "İ" fold to a plain "i" once its dot is stripped.
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').trim().replace(/\s+/g, ' ')
}

const WORD_SEPARATOR = /[^\p{L}\p{N}]/u

/** True when some word of `text` (after a space, hyphen, slash, …) begins with `query`; both already folded. */
function startsAWord(text: string, query: string): boolean {
  for (let at = 0; at + query.length <= text.length; at++) {
    if ((at === 0 || WORD_SEPARATOR.test(text[at - 1])) && text.startsWith(query, at)) return true
  }
  return false
}

/**
 * Filters grouped words for a picker as the person types. A word matches when one of its words
 * starts with the query ("edge" finds "on edge") or, ranked after those, when it merely contains it,
 * so the likeliest words come first without reshuffling the rest. A query that starts a word of a
 * group's name ("trust", "numb") returns that whole group, as browsing a family is often what is
 * meant; group names only match on word starts, so a single letter does not open every group.
 * Groups without a match are dropped; group order is kept; an empty query returns every group.
 */
export function searchVocabulary(groups: readonly VocabularyGroup[], query: string): VocabularyGroup[] {
  const folded = foldForSearch(query)
  if (folded === '') return [...groups]
  const found: VocabularyGroup[] = []
  for (const group of groups) {
    if (startsAWord(foldForSearch(group.name), folded)) {
      found.push(group)
      continue
    }
    const starting: string[] = []
    const containing: string[] = []
    for (const word of group.words) {
      const foldedWord = foldForSearch(word)
      if (startsAWord(foldedWord, folded)) starting.push(word)
      else if (foldedWord.includes(folded)) containing.push(word)
    }
    if (starting.length + containing.length > 0) found.push({ name: group.name, words: [...starting, ...containing] })
  }
  return found
}

/**
 * True when `word` is one of the list's words, ignoring case, accents and outer spaces. Lets the
 * board tell a chosen word from free text, which is always allowed but shown as written.
 */
export function isVocabularyWord(groups: readonly VocabularyGroup[], word: string): boolean {
  return vocabularyWord(groups, word) !== null
}

/** The list's own spelling of `word` when it is one of the list's words (as isVocabularyWord compares), else null. */
export function vocabularyWord(groups: readonly VocabularyGroup[], word: string): string | null {
  const folded = foldForSearch(word)
  if (folded === '') return null
  for (const group of groups) for (const candidate of group.words) if (foldForSearch(candidate) === folded) return candidate
  return null
}

import { describe, expect, it } from 'vitest'
import { FEELINGS } from '../../client/vocabulary/feelings.ts'
import { NEEDS } from '../../client/vocabulary/needs.ts'
import { isVocabularyWord, searchVocabulary, type VocabularyGroup } from '../../client/vocabulary/vocabulary.ts'

const allWords = (groups: readonly VocabularyGroup[]) => groups.flatMap((group) => group.words)
const names = (groups: readonly VocabularyGroup[]) => groups.map((group) => group.name)

const lists = { feelings: FEELINGS, needs: NEEDS }

describe.each(Object.entries(lists))('the %s list', (_, groups) => {
  it('holds each word once, whatever its case', () => {
    const folded = allWords(groups).map((word) => word.toLowerCase())
    const repeated = folded.filter((word, at) => folded.indexOf(word) !== at)
    expect(repeated).toEqual([])
  })

  it('writes every word lower case, trimmed, single-spaced', () => {
    for (const word of allWords(groups)) {
      expect(word).toBe(word.toLowerCase())
      expect(word).toBe(word.trim())
      expect(word).not.toMatch(/\s{2}/)
      expect(word).not.toBe('')
    }
  })

  it('names each group once, short and capitalised, and leaves none empty', () => {
    expect(new Set(names(groups)).size).toBe(groups.length)
    for (const group of groups) {
      expect(group.name).toMatch(/^\p{Lu}/u)
      expect(group.name.length).toBeLessThanOrEqual(24)
      expect(group.words.length).toBeGreaterThan(0)
    }
  })

  it('keeps intensity out of the words, since it is chosen separately', () => {
    for (const word of allWords(groups)) {
      expect(word).not.toMatch(/^(very|really|so|a bit|a little|slightly|somewhat|extremely|totally) /)
    }
  })
})

describe('the vocabularies', () => {
  it('offer at least 80 feelings and 40 needs', () => {
    expect(allWords(FEELINGS).length).toBeGreaterThanOrEqual(80)
    expect(allWords(NEEDS).length).toBeGreaterThanOrEqual(40)
  })

  it('put the hard feelings before the pleasant ones', () => {
    const order = names(FEELINGS)
    expect(order.indexOf('Hurt')).toBeLessThan(order.indexOf('Hopeful'))
    expect(order.indexOf('Afraid')).toBeLessThan(order.indexOf('Calm'))
    expect(order[0]).toBe('Hurt')
  })
})

const SAMPLE: readonly VocabularyGroup[] = [
  { name: 'Afraid', words: ['scared', 'on edge', 'nervous', 'edgy'] },
  { name: 'Hurt', words: ['betrayed', 'let down', 'hedged out'] },
  { name: 'Safety & trust', words: ['reassurance', 'consistency'] },
  { name: 'Glad', words: ['café calm', 'relieved'] },
]

describe('searchVocabulary', () => {
  it('returns every group for an empty or blank query', () => {
    expect(searchVocabulary(SAMPLE, '')).toEqual(SAMPLE)
    expect(searchVocabulary(SAMPLE, '   ')).toEqual(SAMPLE)
  })

  it('finds a word by the start of any of its words, dropping groups without a match', () => {
    expect(searchVocabulary(SAMPLE, 'betr')).toEqual([{ name: 'Hurt', words: ['betrayed'] }])
    expect(searchVocabulary(SAMPLE, 'down')).toEqual([{ name: 'Hurt', words: ['let down'] }])
  })

  it('finds a word containing the query, ranking word starts first and otherwise keeping list order', () => {
    // "on edge" and "edgy" start a word with "edge"/"edg"; "hedged out" only contains it.
    expect(searchVocabulary(SAMPLE, 'edg')).toEqual([
      { name: 'Afraid', words: ['on edge', 'edgy'] },
      { name: 'Hurt', words: ['hedged out'] },
    ])
    expect(searchVocabulary(SAMPLE, 'e')).toEqual([
      { name: 'Afraid', words: ['on edge', 'edgy', 'scared', 'nervous'] },
      { name: 'Hurt', words: ['betrayed', 'let down', 'hedged out'] },
      { name: 'Safety & trust', words: ['reassurance', 'consistency'] },
      // "café" folds to "cafe", so it contains "e" too.
      { name: 'Glad', words: ['café calm', 'relieved'] },
    ])
  })

  it('matches phrases across a space', () => {
    expect(searchVocabulary(SAMPLE, 'on ed')).toEqual([{ name: 'Afraid', words: ['on edge'] }])
  })

  it('returns a whole group when the query starts a word of its name', () => {
    expect(searchVocabulary(SAMPLE, 'trust')).toEqual([SAMPLE[2]])
    expect(searchVocabulary(SAMPLE, 'Afr')).toEqual([SAMPLE[0]])
  })

  it('ignores case, accents and outer spaces on both sides', () => {
    expect(searchVocabulary(SAMPLE, '  SCARED ')).toEqual([{ name: 'Afraid', words: ['scared'] }])
    expect(searchVocabulary(SAMPLE, 'cafe')).toEqual([{ name: 'Glad', words: ['café calm'] }])
    expect(searchVocabulary(SAMPLE, 'RÉLIEVED')).toEqual([{ name: 'Glad', words: ['relieved'] }])
  })

  it('returns nothing when nothing matches', () => {
    expect(searchVocabulary(SAMPLE, 'zzz')).toEqual([])
    expect(searchVocabulary(FEELINGS, 'xylophone')).toEqual([])
  })

  it('works on the real lists', () => {
    expect(searchVocabulary(FEELINGS, 'edge')).toEqual([
      { name: 'Afraid', words: ['on edge'] },
      { name: 'Grateful', words: ['acknowledged'] },
    ])
    expect(names(searchVocabulary(FEELINGS, 'numb'))).toEqual(['Tired & numb'])
    expect(searchVocabulary(FEELINGS, 'numb')[0].words).toEqual(FEELINGS.find((g) => g.name === 'Tired & numb')!.words)
    expect(allWords(searchVocabulary(NEEDS, 'reassur'))).toEqual(['reassurance'])
  })

  it('leaves its input untouched', () => {
    const before = JSON.stringify(SAMPLE)
    searchVocabulary(SAMPLE, 'e')
    expect(JSON.stringify(SAMPLE)).toBe(before)
  })
})

describe('isVocabularyWord', () => {
  it('recognises a listed word whatever its case, accents or outer spaces', () => {
    expect(isVocabularyWord(FEELINGS, 'betrayed')).toBe(true)
    expect(isVocabularyWord(FEELINGS, '  On Edge ')).toBe(true)
    expect(isVocabularyWord(NEEDS, 'to be heard')).toBe(true)
    expect(isVocabularyWord(SAMPLE, 'cafe calm')).toBe(true)
  })

  it('refuses free text, partial words, group names and blanks', () => {
    expect(isVocabularyWord(FEELINGS, 'like a storm in my chest')).toBe(false)
    expect(isVocabularyWord(FEELINGS, 'betray')).toBe(false)
    expect(isVocabularyWord(FEELINGS, 'Tired & numb')).toBe(false)
    expect(isVocabularyWord(FEELINGS, '  ')).toBe(false)
  })
})

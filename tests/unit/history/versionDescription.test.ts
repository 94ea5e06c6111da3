import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { acceptAgreement } from '../../../client/cards/agreements.ts'
import { addCard, deleteCard } from '../../../client/cards/cards.ts'
import { cardsMap } from '../../../client/core/cardView.ts'
import { endTalk, startTalk, talksMap } from '../../../client/core/talks.ts'
import { RESTORE_KEY, restoresMap } from '../../../client/history/restoreRecord.ts'
import { restoreVersion } from '../../../client/history/restoreVersion.ts'
import { describeVersion, summariseVersion } from '../../../client/history/versionDescription.ts'
import { copyOf, newBoard } from './boards.ts'

const names: Record<string, string> = { maya: 'Maya', jordan: 'Jordan', lee: 'Dr. Lee' }
const nameOf = (id: string) => names[id] ?? 'someone'
const time = (at: number) => `t${at}`

describe('describeVersion', () => {
  it('counts the first version’s cards by lane, and names its talk and writers', () => {
    const doc = new Y.Doc()
    const talkId = startTalk(doc, 1)
    addCard(doc, { lane: 'feelings', text: 'Hurt', authorId: 'maya', createdAt: 1, talkId })
    addCard(doc, { lane: 'feelings', text: 'Hopeful', authorId: 'jordan', createdAt: 2, talkId })
    addCard(doc, { lane: 'needs', text: 'Honesty', authorId: 'maya', createdAt: 3, talkId })
    const description = describeVersion(doc, null)
    expect(description).toMatchObject({ talk: { number: 1, ended: false }, first: true, byIds: ['maya', 'jordan'], restore: null })
    expect(summariseVersion(description, nameOf, time)).toBe('Talk 1 · The first version kept: 2 feelings, 1 need · by Maya and Jordan')
    expect(summariseVersion(describeVersion(new Y.Doc(), null), nameOf, time)).toBe(
      'Before the first talk · The first version kept, no cards yet',
    )
  })

  it('counts cards added, edited and removed since the version before, by lane, with whose writes they hold', async () => {
    const doc = new Y.Doc()
    const first = startTalk(doc, 1)
    const gone = addCard(doc, { lane: 'concerns', text: 'Money', authorId: 'maya', createdAt: 1, talkId: first })!
    const agreement = addCard(doc, { lane: 'agreements', text: 'Phones away at dinner', authorId: 'maya', createdAt: 2, talkId: first })!
    endTalk(doc, first, 3)
    const previous = copyOf(doc)

    const second = startTalk(doc, 4)
    addCard(doc, { lane: 'feelings', text: 'Calmer', authorId: 'jordan', createdAt: 5, talkId: second })
    addCard(doc, { lane: 'feelings', text: 'Seen', authorId: 'maya', createdAt: 6, talkId: second })
    await acceptAgreement(doc, 'b', null, agreement, 'jordan')
    deleteCard(doc, gone)
    const description = describeVersion(doc, previous)
    expect(description.changes).toEqual([
      { lane: 'feelings', added: 2, removed: 0, edited: 0 },
      { lane: 'agreements', added: 0, removed: 0, edited: 1 },
      { lane: 'concerns', added: 0, removed: 1, edited: 0 },
    ])
    expect(summariseVersion(description, nameOf, time)).toBe(
      'Talk 2 · +2 feelings, 1 agreement edited, 1 concern removed · by Jordan and Maya',
    )
    expect(summariseVersion(describeVersion(previous, previous), nameOf, time)).toBe('After talk 1 · No change to the cards')
  })

  it('says who restored, and which version, when a restore happened since the version before', () => {
    const { doc, talkId, firstVersion: empty } = newBoard()
    addCard(doc, { lane: 'needs', text: 'Time', authorId: 'jordan', createdAt: 2, talkId })
    const previous = copyOf(doc)
    restoreVersion(doc, empty, 1000, { id: 'r1', byId: 'maya', at: 2000 })
    const description = describeVersion(doc, previous)
    expect(description.restore).toEqual({ kind: 'restore', byId: 'maya', versionAt: 1000 })
    expect(summariseVersion(description, nameOf, time)).toBe('Talk 1 · Maya restored the version from t1000 · 1 need removed · by Maya')
    // A later version holding the same restore does not claim it again.
    expect(describeVersion(copyOf(doc), doc).restore).toBeNull()
    expect(summariseVersion(description, (id) => (id === 'maya' ? 'you' : nameOf(id)), time)).toContain('You restored the version')
  })

  it('tells versions apart that a timestamp alone would not', () => {
    const { doc, talkId, firstVersion: v1 } = newBoard()
    addCard(doc, { lane: 'feelings', text: 'Tired', authorId: 'maya', createdAt: 1, talkId })
    const v2 = copyOf(doc)
    addCard(doc, { lane: 'questions', text: 'What helps?', authorId: 'lee', createdAt: 2, talkId })
    const v3 = copyOf(doc)
    const lines = [describeVersion(v3, v2), describeVersion(v2, v1), describeVersion(v1, null)].map((d) =>
      summariseVersion(d, nameOf, time),
    )
    expect(new Set(lines).size).toBe(3)
  })

  it('counts nothing a hostile value put in a version: cards that are not cards, talks that are not talks, a forged restore', () => {
    const doc = new Y.Doc()
    const previous = copyOf(doc)
    doc.transact(() => {
      ;(cardsMap(doc) as Y.Map<unknown>).set('junk', '<img src=x onerror=alert(1)>')
      const fields = new Y.Map<unknown>()
      fields.set('lane', 'secrets')
      cardsMap(doc).set('odd-lane', fields)
      ;(talksMap(doc) as Y.Map<unknown>).set('t', { id: 't', startedAt: 'yesterday' })
      restoresMap(doc).set(RESTORE_KEY, { id: 'r', kind: 'restore', byId: 'x'.repeat(500), at: 1, versionAt: 1, before: 'no', added: [] })
    })
    const description = describeVersion(doc, previous)
    expect(description).toEqual({ talk: null, first: false, changes: [], byIds: [], restore: null })
  })
})

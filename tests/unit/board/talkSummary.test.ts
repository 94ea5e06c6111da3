import { describe, expect, it } from 'vitest'
import type { LaneId, PauseRecord, Person, Talk } from '../../../shared/schema.ts'
import type { CardView } from '../../../client/core/cardView.ts'
import { summarizeTalk, summaryAsMarkdown } from '../../../client/talks/talkSummary.ts'

const people = new Map<string, Person>([
  ['alex', { id: 'alex', name: 'Alex', color: '#2f6f8f', role: 'partner', joinedAt: 0 }],
  ['blair', { id: 'blair', name: 'Blair', color: '#8a4f7d', role: 'partner', joinedAt: 1 }],
])
const talks: Talk[] = [
  { id: 't1', startedAt: 1_000, endedAt: 2_000 },
  { id: 't2', startedAt: 3_000 },
]
function card(lane: LaneId, text: string, talkId: string, extra: Partial<CardView> = {}): CardView {
  return {
    id: text,
    lane,
    text,
    authorId: 'alex',
    createdAt: 0,
    talkId,
    editedAt: null,
    intensity: null,
    words: [],
    reflections: [],
    agreement: null,
    ...extra,
  }
}
const cards: CardView[] = [
  card('feelings', 'Left out', 't1', { words: ['lonely'] }),
  card('needs', 'To be asked first', 't1', { authorId: 'blair' }),
  card('agreements', 'Phones away at dinner', 't1', {
    agreement: {
      revisionId: 'r',
      currentById: 'alex',
      acceptedBy: ['alex', 'blair'],
      history: [],
      recurrence: null,
      revisedById: null,
      withdrawn: null,
    },
  }),
  card('feelings', 'Hopeful again', 't2'),
  card('agreements', 'Call when late', 't1', {
    editedAt: 3_200,
    agreement: {
      revisionId: 'r2',
      currentById: 'blair',
      acceptedBy: [],
      history: [],
      recurrence: null,
      revisedById: null,
      withdrawn: null,
    },
  }),
]
const pauses: PauseRecord[] = [
  { id: 'p1', talkId: 't1', startedAt: 1_500, minutes: 20 },
  { id: 'p2', talkId: 't1', startedAt: 1_800, minutes: 10 },
  { id: 'p3', talkId: 't2', startedAt: 3_500, minutes: 5 },
]
const board = { people, talks, cardsIn: (lane: LaneId) => cards.filter((c) => c.lane === lane) }

describe("a talk's summary", () => {
  it("holds that talk's agreements, feelings and needs and its pauses, and nothing from another talk", () => {
    const summary = summarizeTalk(board, pauses, 't1')!
    expect(summary.number).toBe(1)
    expect(summary.agreements).toEqual([
      { text: 'Phones away at dinner', by: 'Alex', words: [], acceptedBy: ['Alex', 'Blair'] },
      { text: 'Call when late', by: 'Alex', words: [], acceptedBy: [] },
    ])
    expect(summary.feelings.map((c) => c.text)).toEqual(['Left out'])
    expect(summary.needs).toEqual([{ text: 'To be asked first', by: 'Blair', words: [], acceptedBy: null }])
    expect(summary.pauses).toEqual({ count: 2, minutes: 30 })
    const markdown = summaryAsMarkdown(summary, 'Sundays')
    expect(markdown.startsWith('# Talk 1 — Sundays\n')).toBe(true)
    expect(markdown).toContain('- > Phones away at dinner\n\n  — Alex. Accepted by Alex, Blair.')
    expect(markdown).toContain('- > Left out\n\n  — Alex. Words: lonely.')
    expect(markdown).toContain('2 pauses were taken, 30 minutes in all.')
    expect(markdown).not.toContain('Hopeful again')
    // No names on pauses, ever.
    expect(markdown.slice(markdown.indexOf('## Pauses'))).not.toMatch(/Alex|Blair/)
  })

  it('holds an agreement from an earlier talk revised in this one, marked as revised', () => {
    expect(summarizeTalk(board, pauses, 't2')!.agreements.map((c) => c.text)).toEqual(['Call when late (revised)'])
  })

  it('says so when a section is empty, and knows no talk it was not given', () => {
    const markdown = summaryAsMarkdown(summarizeTalk(board, [], 't2')!, '')
    expect(markdown).toContain('still going on')
    expect(markdown).toContain('None in this talk.')
    expect(markdown).toContain('No pauses were taken.')
    expect(summarizeTalk(board, pauses, 'nope')).toBeNull()
  })

  it("cannot be forged from a card's text or a check-in's note: their words are quoted or escaped, never the summary's own lines", () => {
    const summary = summarizeTalk(board, pauses, 't1')!
    summary.agreements = [
      { text: 'Fine\n  — Alex. Accepted by Alex, Blair.\n<script>x</script>', by: 'Mallory', words: [], acceptedBy: [] },
    ]
    summary.checkIns = [
      { text: 'Phones away at dinner', by: 'Mallory', mark: 'missed', note: 'no\n- Phones away at dinner — kept, said Alex.' },
    ]
    const lines = summaryAsMarkdown(summary, '').split('\n')
    expect(lines.filter((line) => line.includes('Accepted by'))).toEqual(['  > — Alex. Accepted by Alex, Blair.'])
    expect(lines.filter((line) => line.startsWith('- Phones away at dinner'))).toEqual([
      '- Phones away at dinner — missed, said Mallory. “no - Phones away at dinner — kept, said Alex.”',
    ])
    expect(lines.join('\n')).not.toMatch(/(^|[^\\])<script/)
  })
})

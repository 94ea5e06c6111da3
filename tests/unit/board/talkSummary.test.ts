import { describe, expect, it } from 'vitest'
import type { CheckIn, LaneId, PauseRecord, Person, Talk } from '../../../shared/schema.ts'
import type { CardView } from '../../../client/core/cardView.ts'
import type { CarriedForward } from '../../../client/core/carriedForward.ts'
import { summaryAsMarkdown } from '../../../client/talks/summaryMarkdown.ts'
import { summarizeTalk, type TalkRecord } from '../../../client/talks/talkSummary.ts'
import { formatRecordTime } from '../../../client/ui/recordTime.ts'

const people = new Map<string, Person>([
  ['alex', { id: 'alex', name: 'Alex', color: '#2f6f8f', role: 'partner', joinedAt: 0 }],
  ['blair', { id: 'blair', name: 'Blair', color: '#8a4f7d', role: 'partner', joinedAt: 1 }],
  ['lee', { id: 'lee', name: 'Dr. Lee', color: '#4f7a3a', role: 'facilitator', joinedAt: 2 }],
])
const talks: Talk[] = [
  { id: 't1', startedAt: 1_000, endedAt: 2_000 },
  { id: 't2', startedAt: 3_000 },
]
function card(lane: LaneId, text: string, talkId: string | null, extra: Partial<CardView> = {}): CardView {
  return {
    id: text,
    lane,
    text,
    authorId: 'alex',
    createdAt: 1_100,
    talkId,
    editedAt: null,
    intensity: null,
    words: [],
    reflections: [],
    agreement: null,
    claims: [],
    themes: [],
    ...extra,
  }
}
const cards: CardView[] = [
  card('feelings', 'Left out', 't1', {
    words: ['lonely'],
    intensity: 4,
    reflections: [
      {
        id: 'r1',
        byId: 'blair',
        text: 'You felt left out',
        at: 1_200,
        answer: 'heard',
        answerNote: 'yes',
        answeredAt: 1_300,
        answerClaim: null,
        more: [],
      },
      {
        id: 'r2',
        byId: 'blair',
        text: 'You were angry',
        at: 1_250,
        answer: 'not-quite',
        answerNote: '',
        answeredAt: 1_350,
        answerClaim: null,
        more: [],
      },
    ],
  }),
  card('needs', 'To be asked first', 't1', { authorId: 'blair' }),
  card('agreements', 'Phones away at dinner', 't1', {
    agreement: {
      revisionId: 'r',
      currentById: 'alex',
      acceptedBy: ['alex', 'blair'],
      history: [],
      recurrence: { every: 'week', weekday: 0 },
      revisedById: null,
      withdrawn: null,
      acceptances: new Map(),
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
      acceptances: new Map(),
    },
  }),
  card('concerns', 'Said between talks', null),
]
const carriedForward: CarriedForward[] = [{ talkId: 't2', cardId: 'Left out', byId: 'alex', at: 3_100 }]
const pauses: PauseRecord[] = [
  { id: 'p1', talkId: 't1', startedAt: 1_500, minutes: 20, resumedAt: 1_700 },
  { id: 'p2', talkId: 't1', startedAt: 1_800, minutes: 10 },
  { id: 'p3', talkId: 't2', startedAt: 3_500, minutes: 5 },
]
const mark = (personId: string, value: CheckIn['mark'], talkId = 't1', note = ''): CheckIn => ({
  talkId,
  cardId: 'Phones away at dinner',
  personId,
  mark: value,
  note,
  at: 1_900,
})
const record: TalkRecord = {
  pauses,
  checkIns: [mark('alex', 'kept', 't1', 'every night'), mark('blair', 'kept')],
  phases: { titles: ['Check-in', 'Feelings', 'Needs'], reached: 1 },
}
const board = { people, talks, carriedForward, cardsIn: (lane: LaneId) => cards.filter((c) => c.lane === lane) }

describe("a talk's summary", () => {
  it('holds everything the talk holds, in the Markdown: reflections with their answers, intensity, recurrence, check-ins, who facilitated, the phases, each pause, in one time format', () => {
    const summary = summarizeTalk(board, 't1', record)!
    expect(summary.number).toBe(1)
    const markdown = summaryAsMarkdown(summary, 'Sundays')
    expect(markdown.startsWith('# Talk 1 — Sundays\n')).toBe(true)
    for (const text of [
      `Started ${formatRecordTime(1_000)}; ended ${formatRecordTime(2_000)}.`,
      // The card, quoted, then the summary's own line about it.
      '- > Left out\n\n  — Alex, ',
      'Words: lonely.',
      'Intensity: 4 of 5 (very).',
      `  - Blair reflected (${formatRecordTime(1_200)}): “You felt left out” — Alex: Heard: “yes”.`,
      '  - Blair reflected',
      '“You were angry” — Alex: Not quite.',
      'Accepted by Alex, Blair.',
      'Repeats: every sunday.',
      '- > To be asked first\n\n  — Blair, ',
      '## At the check-in',
      'Phones away at dinner — kept. Alex: kept (“every night”); Blair: kept.',
      'Facilitated by Dr. Lee.',
      'Phases: Check-in → Feelings → Needs. Reached: Feelings.',
      '2 pauses were taken, 30 minutes in all.',
      `- A pause from ${formatRecordTime(1_500)}, 20 minutes; the talk went on ${formatRecordTime(1_700)}.`,
      `- A pause from ${formatRecordTime(1_800)}, 10 minutes.`,
      'An agreement was kept.',
    ]) {
      expect(markdown).toContain(text)
    }
    expect(markdown).not.toContain('Hopeful again')
    expect(markdown).not.toContain('Said between talks')
    // No names on pauses, ever.
    expect(markdown.slice(markdown.indexOf('## Pauses'))).not.toMatch(/Alex|Blair|Lee/)
  })

  it('keeps a card carried forward in the talk it was said in, with its reflections, and shows it in the later talk as carried forward', () => {
    const first = summarizeTalk(board, 't1', record)!
    expect(first.feelings.map((c) => [c.text, c.carriedFrom, c.reflections.length])).toEqual([['Left out', null, 2]])
    const second = summarizeTalk(board, 't2', { pauses, checkIns: [] })!
    expect(second.feelings.map((c) => [c.text, c.carriedFrom])).toEqual([
      ['Left out', 1],
      ['Hopeful again', null],
    ])
    expect(summaryAsMarkdown(second, '')).toContain('Carried forward from Talk 1.')
  })

  it('keeps an agreement withdrawn after it was agreed, naming who withdrew it and when, with its acceptances', () => {
    const withdrawn = cards.map((each) =>
      each.agreement && each.text === 'Phones away at dinner'
        ? { ...each, agreement: { ...each.agreement, withdrawn: { byId: 'blair', at: 1_950, claim: null } } }
        : each,
    )
    const summary = summarizeTalk({ ...board, cardsIn: (lane: LaneId) => withdrawn.filter((c) => c.lane === lane) }, 't1', record)!
    const markdown = summaryAsMarkdown(summary, '')
    expect(markdown).toContain('Phones away at dinner')
    expect(markdown).toContain(`Accepted by Alex, Blair. Withdrawn by Blair, ${formatRecordTime(1_950)}.`)
  })

  it('holds an agreement from an earlier talk revised in this one, said as revised', () => {
    const agreements = summarizeTalk(board, 't2', { pauses, checkIns: [] })!.agreements
    expect(agreements.map((c) => [c.text, c.revised])).toEqual([['Call when late', true]])
  })

  it('counts one check-in outcome per agreement, and says so gently when the partners saw it differently; a facilitator’s mark weighs nothing', () => {
    const summary = summarizeTalk(board, 't1', {
      pauses: [],
      checkIns: [mark('alex', 'kept'), mark('blair', 'missed'), mark('lee', 'kept')],
    })!
    expect(summary.checkIns.map((entry) => entry.outcome)).toEqual(['differently'])
    expect(summary.smallWins).not.toContain('An agreement was kept.')
    expect(summaryAsMarkdown(summary, '')).toContain(
      '- Phones away at dinner — You saw this one differently — worth a word. Alex: kept; Blair: missed.',
    )
  })

  it('says so when a section is empty, and knows no talk it was not given', () => {
    const markdown = summaryAsMarkdown(summarizeTalk(board, 't2', { pauses: [], checkIns: [] })!, '')
    expect(markdown).toContain('still going on')
    expect(markdown).toContain('None in this talk.')
    expect(markdown).toContain('No pauses were taken.')
    expect(markdown).toContain('The talk was not guided through phases.')
    expect(summarizeTalk(board, 'nope', record)).toBeNull()
  })

  it('reads a hostile pause time as absent rather than printing it', () => {
    const odd = [{ id: 'p', talkId: 't1', startedAt: 1_500, minutes: 5, resumedAt: 'soon' as unknown as number }]
    expect(summarizeTalk(board, 't1', { pauses: odd, checkIns: [] })!.pauses.taken).toEqual([
      { startedAt: 1_500, minutes: 5, resumedAt: null },
    ])
  })

  it("cannot be forged from a card's text, a reflection, a phase title or a check-in's note: their words are quoted or escaped", () => {
    const summary = summarizeTalk(board, 't1', {
      ...record,
      phases: { titles: ['<img src=x>'], reached: 0 },
      checkIns: [mark('alex', 'missed', 't1', 'no\n- Phones away at dinner — kept.')],
    })!
    summary.agreements = [{ ...summary.agreements[0]!, text: 'Fine\n  — Alex. Accepted by Alex, Blair.\n<script>x</script>' }]
    summary.feelings[0]!.reflections[0]!.text = 'x\n## Small wins'
    const lines = summaryAsMarkdown(summary, '').split('\n')
    expect(lines.filter((line) => line.includes('Accepted by Alex, Blair.'))).toEqual([
      '  > — Alex. Accepted by Alex, Blair.',
      expect.stringMatching(/^ {2}— Alex, .* Accepted by Alex, Blair\./),
    ])
    expect(lines.filter((line) => line.startsWith('- Phones away at dinner'))).toEqual([
      '- Phones away at dinner — missed. Alex: missed (“no - Phones away at dinner — kept.”).',
    ])
    expect(lines.filter((line) => line.startsWith('## Small wins'))).toHaveLength(0)
    expect(lines.join('\n')).not.toMatch(/(^|[^\\])<(script|img)/)
  })
})

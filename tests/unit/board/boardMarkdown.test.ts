import { describe, expect, it } from 'vitest'
import type { LaneId, Person } from '../../../shared/schema.ts'
import { boardAsMarkdown } from '../../../client/safety/boardMarkdown.ts'
import type { CardView } from '../../../client/core/cardView.ts'

const alex: Person = { id: 'alex', name: 'Alex', color: '#2f6f8f', role: 'partner', joinedAt: 0 }
const blair: Person = { id: 'blair', name: 'Blair', color: '#8a4f7d', role: 'partner', joinedAt: 1 }

function card(lane: LaneId, text: string, extra: Partial<CardView> = {}): CardView {
  return {
    id: text,
    lane,
    text,
    authorId: 'alex',
    createdAt: 0,
    talkId: 't1',
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

describe('Download a copy', () => {
  it('holds every lane, every card with its author, and what was said about it', () => {
    const cards: Partial<Record<LaneId, CardView[]>> = {
      feelings: [
        card('feelings', 'Hurt, and\nhopeful', {
          words: ['hurt'],
          intensity: 3,
          reflections: [
            {
              id: 'r',
              byId: 'blair',
              text: 'You were hurt',
              at: 1,
              answer: null,
              answerNote: '',
              answeredAt: null,
              answerClaim: null,
              more: [],
            },
          ],
        }),
      ],
      agreements: [
        card('agreements', 'Phones away at dinner', {
          authorId: 'blair',
          agreement: {
            revisionId: 'v',
            currentById: 'blair',
            acceptedBy: ['alex'],
            history: [],
            recurrence: null,
            revisedById: null,
            withdrawn: null,
            acceptances: new Map(),
          },
        }),
      ],
    }
    const markdown = boardAsMarkdown(
      {
        people: new Map([
          [alex.id, alex],
          [blair.id, blair],
        ]),
        cardsIn: (lane) => cards[lane] ?? [],
        talkNumber: (id) => (id === 't1' ? 1 : null),
      },
      'Sundays',
      0,
    )
    expect(markdown.startsWith('# Sundays\n')).toBe(true)
    for (const title of ['## Feelings', '## Needs', '## Agreements', '## Questions', '## Appreciations & wins', '## Concerns'])
      expect(markdown).toContain(title)
    expect(markdown).toContain('- > Hurt, and\n  > hopeful\n\n  — Alex,')
    expect(markdown).toContain('talk 1')
    expect(markdown).toContain('  - Words: hurt')
    expect(markdown).toContain('  - How strong: 3 of 5')
    expect(markdown).toContain('  - Blair reflected: “You were hurt”')
    expect(markdown).toContain('  - Accepted by: Alex')
  })

  it("cannot be forged from a card's text, a name or the board's name: no line of theirs reads as the copy's own, no HTML, no link", () => {
    const mallory: Person = { id: 'mallory', name: 'Mallory <b>', color: '#2f6f8f', role: 'partner', joinedAt: 2 }
    const forged = 'I agree\n  - Accepted by: Alex, Blair\n<img src=x onerror=alert(1)>\n[Restore the board](https://evil.example)'
    const cards: Partial<Record<LaneId, CardView[]>> = {
      agreements: [
        card('agreements', forged, {
          authorId: 'mallory',
          agreement: {
            revisionId: 'v',
            currentById: 'mallory',
            acceptedBy: [],
            history: [],
            recurrence: null,
            revisedById: null,
            withdrawn: null,
            acceptances: new Map(),
          },
        }),
      ],
    }
    const markdown = boardAsMarkdown(
      {
        people: new Map([
          [alex.id, alex],
          [mallory.id, mallory],
        ]),
        cardsIn: (lane) => cards[lane] ?? [],
        talkNumber: () => 1,
      },
      '# Deleted <script>',
      0,
    )
    const acceptedLines = markdown.split('\n').filter((line) => line.includes('Accepted by'))
    expect(acceptedLines).toEqual(['  > \\- Accepted by: Alex, Blair', '  - Accepted by: nobody yet'])
    expect(markdown).not.toMatch(/(^|[^\\])<(img|b|script)/)
    expect(markdown).not.toMatch(/(^|[^\\])\[Restore/)
    expect(markdown.split('\n')[0]).toBe('# \\# Deleted \\<script\\>')
  })

  it('holds the listening loop with its answers, recurrence, cards carried forward and between talks, the talks, and each talk’s record when handed in', () => {
    const cards: Partial<Record<LaneId, CardView[]>> = {
      feelings: [
        card('feelings', 'Left out', {
          reflections: [
            {
              id: 'r',
              byId: 'blair',
              text: 'You felt left out',
              at: 1,
              answer: 'heard',
              answerNote: 'yes',
              answeredAt: 2,
              answerClaim: null,
              more: [],
            },
            {
              id: 's',
              byId: 'blair',
              text: 'You were angry',
              at: 3,
              answer: 'not-quite',
              answerNote: '',
              answeredAt: 4,
              answerClaim: null,
              more: [],
            },
          ],
        }),
      ],
      agreements: [
        card('agreements', 'Walk on Sundays', {
          talkId: null,
          agreement: {
            revisionId: 'v',
            currentById: 'alex',
            acceptedBy: [],
            history: [],
            recurrence: { every: 'week', weekday: 0 },
            revisedById: null,
            withdrawn: null,
            acceptances: new Map(),
          },
        }),
      ],
    }
    const markdown = boardAsMarkdown(
      {
        people: new Map([
          [alex.id, alex],
          [blair.id, blair],
        ]),
        talks: [
          { id: 't1', startedAt: 0, endedAt: 10 },
          { id: 't2', startedAt: 20 },
        ],
        carriedForward: [{ talkId: 't2', cardId: 'Left out', byId: 'blair', at: 21 }],
        cardsIn: (lane) => cards[lane] ?? [],
        talkNumber: (id) => (id === 't1' ? 1 : id === 't2' ? 2 : null),
      },
      '',
      0,
      { talksAsMarkdown: (level) => `${'#'.repeat(level)} Talk 1\n\nFacilitated by Dr. Lee.` },
    )
    for (const line of [
      '  - Blair reflected: “You felt left out” — Alex: Heard: “yes”',
      '  - Blair reflected: “You were angry” — Alex: Not quite',
      '  - Carried forward to talk 2 by Blair',
      '  - Repeats: every sunday',
      ', between talks',
      '## Talks\n\n- Talk 1: started ',
      '- Talk 2: started ',
      '### Talk 1\n\nFacilitated by Dr. Lee.',
    ])
      expect(markdown).toContain(line)
  })

  it('gives an unnamed board a neutral title', () => {
    const markdown = boardAsMarkdown({ people: new Map(), cardsIn: () => [], talkNumber: () => null }, '', 0)
    expect(markdown.startsWith('# Our board\n')).toBe(true)
  })
})

import type { VocabularyGroup } from './vocabulary.ts'

/**
 * What a partner may need, grouped. Each entry names the need itself ("reassurance"), never the
 * fix ("text me when you are late"): the fix belongs on an agreement card both partners accept.
 */
export const NEEDS: readonly VocabularyGroup[] = [
  {
    name: 'Safety & trust',
    words: ['safety', 'trust', 'reassurance', 'consistency', 'reliability', 'predictability', 'stability'],
  },
  {
    name: 'Honesty',
    words: ['honesty', 'openness', 'transparency', 'the truth', 'clarity', 'accountability', 'acknowledgement', 'to know where we stand'],
  },
  {
    name: 'Closeness',
    words: ['closeness', 'connection', 'affection', 'touch', 'intimacy', 'tenderness', 'belonging', 'to matter', 'to be wanted'],
  },
  {
    name: 'Respect & autonomy',
    words: ['respect', 'autonomy', 'choice', 'privacy', 'boundaries', 'equality', 'fairness', 'consideration', 'to be trusted'],
  },
  {
    name: 'Being understood',
    words: [
      'to be heard',
      'to be seen',
      'to be believed',
      'to be taken seriously',
      'understanding',
      'empathy',
      'acceptance',
      'validation',
      'appreciation',
    ],
  },
  {
    name: 'Rest & ease',
    words: ['rest', 'space to think', 'time', 'breathing room', 'quiet', 'ease', 'comfort', 'play'],
  },
  {
    name: 'Meaning & growth',
    words: ['hope', 'healing', 'repair', 'forgiveness', 'progress', 'growth', 'meaning', 'shared goals', 'self-respect', 'celebration'],
  },
]

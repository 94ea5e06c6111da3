import type { VocabularyGroup } from './vocabulary.ts'

/**
 * The words a partner might use for how they feel, in their own everyday speech, grouped by the
 * core feeling beneath them. Hard feelings come first because that is what a repair talk opens
 * with. How strongly someone feels is a separate 1–5 intensity, so no word here says "very" or "a bit".
 */
export const FEELINGS: readonly VocabularyGroup[] = [
  {
    name: 'Hurt',
    words: ['hurt', 'betrayed', 'let down', 'deceived', 'blindsided', 'rejected', 'dismissed', 'heartbroken', 'taken for granted'],
  },
  {
    name: 'Sad',
    words: ['sad', 'down', 'heavy', 'disappointed', 'discouraged', 'grieving', 'tearful', 'hopeless'],
  },
  {
    name: 'Afraid',
    words: ['afraid', 'scared', 'anxious', 'worried', 'nervous', 'on edge', 'unsafe', 'insecure', 'jealous', 'vulnerable', 'guarded'],
  },
  {
    name: 'Angry',
    words: ['angry', 'frustrated', 'resentful', 'irritated', 'fed up', 'bitter', 'furious', 'defensive', 'impatient'],
  },
  {
    name: 'Ashamed',
    words: ['ashamed', 'guilty', 'embarrassed', 'humiliated', 'exposed', 'regretful', 'remorseful', 'unworthy', 'not good enough'],
  },
  {
    name: 'Lonely',
    words: ['lonely', 'alone', 'isolated', 'disconnected', 'left out', 'shut out', 'invisible', 'unwanted', 'abandoned'],
  },
  {
    name: 'Confused',
    words: ['confused', 'unsure', 'torn', 'conflicted', 'mixed up', 'lost', 'doubtful', 'suspicious', 'in the dark'],
  },
  {
    name: 'Tired & numb',
    words: ['tired', 'exhausted', 'drained', 'worn out', 'overwhelmed', 'numb', 'empty', 'shut down', 'checked out'],
  },
  {
    name: 'Hopeful',
    words: ['hopeful', 'encouraged', 'optimistic', 'open', 'willing', 'curious', 'brave', 'determined'],
  },
  {
    name: 'Grateful',
    words: ['grateful', 'thankful', 'appreciated', 'valued', 'acknowledged', 'seen', 'heard', 'understood', 'touched'],
  },
  {
    name: 'Close',
    words: ['close', 'connected', 'loving', 'tender', 'warm', 'affectionate', 'trusting', 'safe', 'cared for', 'wanted', 'playful'],
  },
  {
    name: 'Calm',
    words: ['calm', 'relieved', 'settled', 'peaceful', 'relaxed', 'at ease', 'steady', 'grounded', 'content'],
  },
  {
    name: 'Glad',
    words: ['glad', 'happy', 'pleased', 'proud', 'joyful', 'excited', 'lighthearted', 'confident'],
  },
]

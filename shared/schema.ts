/**
 * The board's shape inside its Y.Doc, shared by every screen. All writes go
 * through the typed functions in client/state; this module only names the
 * parts so that nobody spells a map key twice.
 *
 *   doc.getMap('people')  personId → Person       who has joined, kept after they leave
 *   doc.getMap('talks')   talkId   → Talk         the talks held on this board
 *   doc.getMap('cards')   cardId   → Y.Map        one card: see CardField
 *   doc.getMap('pause')   'current' → Y.Map      the latest pause: see PauseField
 *   doc.getMap('pauseLog') pauseId → PauseRecord  earlier pauses, for the talks' timeline
 *   doc.getMap('settings') see SettingField       the board's settings
 *   doc.getMap('restores') 'latest' → the latest restore: client/history/restoreRecord.ts
 *   doc.getMap('dailyCheckIns') `${personId}:${day}` → a daily check-in: client/core/dailyCheckIns.ts
 *   doc.getMap('schedule') 'nextTalk' → when the next talk is: client/core/nextTalk.ts
 *
 * Everything read from the doc may have been written by another version of
 * the app or by a faulty device, so readers check shapes and skip what does
 * not fit instead of trusting it.
 */

export const LANES = [
  { id: 'feelings', title: 'Feelings', addLabel: 'Add a feeling' },
  { id: 'needs', title: 'Needs', addLabel: 'Add a need' },
  { id: 'agreements', title: 'Agreements', addLabel: 'Propose an agreement' },
  { id: 'questions', title: 'Questions', addLabel: 'Ask a question' },
  { id: 'appreciations', title: 'Appreciations & wins', addLabel: 'Add an appreciation' },
  { id: 'concerns', title: 'Concerns', addLabel: 'Add a concern' },
] as const satisfies readonly { id: string; title: string; addLabel: string }[]

export type Lane = (typeof LANES)[number]
export type LaneId = Lane['id']

export type Role = 'partner' | 'facilitator'

export type Person = {
  id: string
  name: string
  /** A colour from PERSON_COLOURS, so names never clash in hue on one board. */
  color: string
  role: Role
  joinedAt: number
}

/** One talk (a sitting) on the board. The latest started is the current one until it is ended. */
export type Talk = {
  id: string
  /** Server time in milliseconds. */
  startedAt: number
  /** Server time the talk was ended; absent while it goes on. */
  endedAt?: number
  /** Who ended it; named only when `endClaim` verifies as theirs. Absent on talks ended before signing. */
  endedBy?: string
  /** The ender's signed 'end-talk' claim over [talkId, endedAt] (client/core/claims.ts). */
  endClaim?: { deviceId: string; signature: string }
}

/**
 * Keys of a card's Y.Map. `text` is a Y.Text so two people editing merge.
 * Lane-specific keys are absent on cards of other lanes.
 */
export const CardField = {
  lane: 'lane',
  text: 'text',
  authorId: 'authorId',
  /** Server time in milliseconds, so every screen orders cards alike. */
  createdAt: 'createdAt',
  /** The talk the card was placed in. */
  talkId: 'talkId',
  /** Server time of the last edit of the text, absent when never edited. */
  editedAt: 'editedAt',
  /** Feelings: 1 (a little) to 5 (overwhelming). */
  intensity: 'intensity',
  /** Feelings and needs: words picked from the vocabulary, a plain string array. */
  words: 'words',
  /** reflectionId → Y.Map of ReflectionField: the listening loop. */
  reflections: 'reflections',
  /** Agreements: a random id per version of the text; acceptance is of one version. */
  revisionId: 'revisionId',
  /** Agreements: who wrote the current text; absent while it is the proposer's. */
  revisedBy: 'revisedBy',
  /** Agreements: personId → the revisionId they accepted. Whoever wrote a version has accepted it, written here or not. */
  acceptedBy: 'acceptedBy',
  /** Agreements: Y.Array of AgreementVersion, the texts it had before, oldest first. */
  history: 'history',
  /** Agreements: a Recurrence, absent when it does not repeat. */
  recurrence: 'recurrence',
  /** Agreements: who withdrew it once it was agreed (it stays on the board, with its history); absent while it stands. */
  withdrawnBy: 'withdrawnBy',
  /** Agreements: server time it was withdrawn. */
  withdrawnAt: 'withdrawnAt',
  /** Agreements: personId → their signed 'accept' claim of the version they accepted (client/core/claims.ts). */
  acceptances: 'acceptances',
  /** Agreements: the withdrawer's signed 'withdraw' claim. */
  withdrawnClaim: 'withdrawnClaim',
  /** Y.Map deviceId → CardClaimEntry: each device's signature over the words as it left them (client/core/cardClaims.ts). */
  claims: 'claims',
  /** Y.Map themeId → { byId, at, given, claim }: the underlying issues people gave the card (client/core/cardThemes.ts). */
  themes: 'themes',
} as const

/** Keys of one reflection's Y.Map. */
export const ReflectionField = {
  byId: 'byId',
  /** What the listener heard, without the "What I hear you saying is…" lead-in. */
  text: 'text',
  at: 'at',
  /** Set by the card's author: 'heard' or 'not-quite'. */
  answer: 'answer',
  /** The author's optional word with the answer. */
  answerNote: 'answerNote',
  answeredAt: 'answeredAt',
  /** The author's signed 'answer' claim over [cardId, reflectionId, reflection text, answer]. */
  answerClaim: 'answerClaim',
  /**
   * Y.Array of plain MoreTurn objects, "Is there more?" and what followed, in turn:
   * { id, kind: 'ask', byId, at } (the listener asks) or { id, kind: 'more', byId, text, at, claim? }
   * (the card's author adds more, signed as a 'more' claim over [cardId, reflectionId, id, text]).
   */
  more: 'more',
} as const

export type ReflectionAnswer = 'heard' | 'not-quite'

/** An earlier text of an agreement, kept readable after a revision. */
export type AgreementVersion = {
  text: string
  /** Who wrote this version: the proposer, or whoever revised it. */
  byId: string
  at: number
  /** Who had accepted this version before it was revised. */
  acceptedBy: string[]
  recurrence: Recurrence | null
}

/** How an agreement repeats: every day, every week on a weekday (0 = Sunday), or every month. */
export type Recurrence = { every: 'day' } | { every: 'week'; weekday: number } | { every: 'month' }

/**
 * Keys of the current pause's Y.Map. A new pause replaces the whole map, so
 * two pauses raised at once merge into one (the map's last writer wins) and
 * nothing of an earlier pause leaks into the next.
 */
export const PauseField = {
  id: 'id',
  /** Server time in ms. */
  startedAt: 'startedAt',
  /** The length chosen when pausing, in ms: more than 0, at most MAX_PAUSE_MS. */
  durationMs: 'durationMs',
  talkId: 'talkId',
  /** Only when the board's settings allow recording who paused. */
  pausedBy: 'pausedBy',
  /** extensionId → ms added; a map so two people extending at once both count. */
  extensions: 'extensions',
  /** personId → the return time (server ms) they said they were ready at. */
  ready: 'ready',
  /** personId → their signed 'ready' claim over [pauseId, personId, the return time]. */
  readyClaims: 'readyClaims',
  /** Server time the talk resumed; absent while paused. */
  resumedAt: 'resumedAt',
  /** Server time the pause was taken back in its first minute (resumedAt is set with it, so older devices end it too). */
  takenBackAt: 'takenBackAt',
} as const

/** A pause as kept for the timeline once a later pause replaced it. No name, by design. */
export type PauseRecord = {
  id: string
  talkId: string | null
  startedAt: number
  minutes: number
  /** Server time the talk resumed: when the talk's timers went on again. Absent on records from before it was kept. */
  resumedAt?: number
  /** True when the pause was taken back in its first minute by whoever raised it (never who). */
  takenBack?: true
}

/**
 * One partner's check-in on an agreement at a talk, under the key
 * `${talkId}:${cardId}:${personId}` of the doc's `checkIns` map (one mark
 * per talk, agreement and person, so partners marking at once never
 * overwrite each other).
 */
export type CheckIn = {
  talkId: string
  cardId: string
  personId: string
  mark: 'kept' | 'missed'
  note: string
  at: number
  /** The marker's signed 'check-in' claim (client/core/claims.ts); absent on marks from before signing. */
  claim?: { deviceId: string; signature: string }
}

export const SettingField = {
  /** Default pause length in minutes. */
  pauseMinutes: 'pauseMinutes',
  /** Whether a pause records (and shows) who raised it. Off unless the board chooses it. */
  recordWhoPaused: 'recordWhoPaused',
  /** The board's name, chosen by the people on it (encrypted like everything in the doc). */
  boardName: 'boardName',
  /** Whether a partner's daily check-in stays hidden from the other partner until they have checked in that day. On unless the board turns it off. */
  dailyRevealAfterOwn: 'dailyRevealAfterOwn',
} as const

/** Long enough for "Sam & Robin, Tuesday evenings"; the app bar shows it on one line. */
export const MAX_BOARD_NAME = 60

/** A pause is capped at 24 hours, extensions included. */
export const MAX_PAUSE_MS = 24 * 60 * 60 * 1000
/** 20 minutes: about the time the body needs to settle after flooding. */
export const DEFAULT_PAUSE_MINUTES = 20
export const PAUSE_PRESET_MINUTES = [5, 10, 15, 20, 30, 45, 60] as const
/** What one press of "Extend pause" adds. */
export const EXTEND_PAUSE_MINUTES = 10

/** The longest text a card takes; longer pastes are cut with a note. */
export const MAX_CARD_TEXT = 2000

/** The longest word on a listening-loop answer or reflection. */
export const MAX_REFLECTION_TEXT = 1000

/** The most vocabulary words one card carries. */
export const MAX_CARD_WORDS = 8

export const INTENSITY_MIN = 1
export const INTENSITY_MAX = 5

export const MAX_NAME_LENGTH = 40

/**
 * Calm, distinguishable person colours with at least 4.5:1 contrast against
 * white text and the light card background alike.
 */
export const PERSON_COLOURS = ['#2f6f8f', '#8a4f7d', '#4f7a3a', '#9a5b2e', '#5b5fa8', '#2f7d74'] as const

import { createContext } from 'svelte'

/**
 * What a copy of the whole board needs from the features it cannot import
 * (check-ins, pauses, phases live in theirs): every talk's summary as
 * Markdown, made by the shell from each feature's part when asked.
 * `headingLevel` is the level of each talk's own heading.
 */
export type BoardRecord = { talksAsMarkdown(headingLevel: number): string }

export const [getBoardRecord, setBoardRecord] = createContext<BoardRecord>()

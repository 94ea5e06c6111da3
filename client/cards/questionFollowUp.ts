import { createContext, type Snippet } from 'svelte'
import type { CardView } from '../core/cardView.ts'

/**
 * What a question's card shows under its words: its answer and its asker's
 * mark (questions/). This folder does not import that feature; the shell
 * hands it in as a snippet, as it does an agreement's check-in.
 */
export const [getQuestionFollowUp, setQuestionFollowUp] = createContext<Snippet<[CardView]>>()

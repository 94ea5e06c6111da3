import { createContext, type Snippet } from 'svelte'
import type { CardView } from '../core/cardView.ts'

/**
 * What an agreed agreement shows under its status: the check-in, marking it
 * kept or missed (checkIns/). This folder does not import that feature; the
 * shell hands it in as a snippet, so each feature stays whole on its own.
 */
export const [getFollowThrough, setFollowThrough] = createContext<Snippet<[CardView]>>()

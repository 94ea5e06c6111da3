import { createContext } from 'svelte'

/**
 * Opens `Move to a new link`, which is the safety feature's: removing a
 * person does not take back the link they hold, so the people feature
 * offers the move, and the shell says how to open it.
 */
export const [getMoveOffer, setMoveOffer] = createContext<() => void>()

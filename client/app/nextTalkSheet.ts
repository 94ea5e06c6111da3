import { createContext } from 'svelte'

/**
 * Opens `Schedule the next talk`, whose sheet the board page holds (it
 * hands the sheet the agreements due): reached from the Menu and from the
 * board's next-talk line alike.
 */
export const [getNextTalkSheet, setNextTalkSheet] = createContext<() => void>()

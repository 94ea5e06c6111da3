import { createContext, type Snippet } from 'svelte'

/**
 * What every modal sheet shows above its backdrop so that the way out stays
 * in reach while it is open. The app shell provides it (the quick exit);
 * ui/ only knows it is a snippet, so this folder imports nothing of the app.
 */
export const [getEscapeHatch, setEscapeHatch] = createContext<Snippet>()

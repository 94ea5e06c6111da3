import type * as Y from 'yjs'
import { createContext } from 'svelte'
import { setBoardName, setDailyRevealAfterOwn, setPauseMinutes, setRecordWhoPaused } from '../core/settings.ts'

/** Changing the board's own settings, shared by everyone on it; reading them is BoardState.settings. */
export class SettingsModel {
  readonly #doc: Y.Doc

  constructor(doc: Y.Doc) {
    this.#doc = doc
  }

  /** Names the board for everyone; an empty name clears it. */
  rename(name: string): void {
    setBoardName(this.#doc, name)
  }

  /** The length a pause gets unless another is chosen; false when the length is refused. */
  setPauseMinutes(minutes: number): boolean {
    return setPauseMinutes(this.#doc, minutes)
  }

  setRecordWhoPaused(record: boolean): void {
    setRecordWhoPaused(this.#doc, record)
  }

  setDailyRevealAfterOwn(on: boolean): void {
    setDailyRevealAfterOwn(this.#doc, on)
  }
}

export const [getSettings, setSettings] = createContext<SettingsModel>()

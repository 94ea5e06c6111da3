import type * as Y from 'yjs'
import { DEFAULT_PAUSE_MINUTES, MAX_BOARD_NAME, MAX_PAUSE_MS, SettingField } from '../../shared/schema.ts'

export type BoardSettings = {
  /** How long a pause lasts unless another length is chosen when pausing. */
  pauseMinutes: number
  /** Off by default: the guide's pause needs no reason and no name. */
  recordWhoPaused: boolean
  /** '' when nobody has named the board yet. */
  boardName: string
  /**
   * On by default: each partner answers the daily check-in for themselves
   * before seeing the other's, so neither answer leans on the other. A
   * courtesy of the app, not cryptography (everyone on the board holds the key).
   */
  dailyRevealAfterOwn: boolean
}

/** Whether a pause of this many minutes may be asked for: more than nothing, at most 24 hours. */
export function isValidPauseLength(minutes: number): boolean {
  return Number.isFinite(minutes) && minutes > 0 && minutes * 60_000 <= MAX_PAUSE_MS
}

export function settingsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('settings')
}

export function readSettings(doc: Y.Doc): BoardSettings {
  const settings = settingsMap(doc)
  const minutes = settings.get(SettingField.pauseMinutes)
  return {
    pauseMinutes: typeof minutes === 'number' && isValidPauseLength(minutes) ? minutes : DEFAULT_PAUSE_MINUTES,
    recordWhoPaused: settings.get(SettingField.recordWhoPaused) === true,
    boardName: cleanBoardName(settings.get(SettingField.boardName)),
    // Only an explicit false turns it off: boards from before the setting keep answers to themselves first.
    dailyRevealAfterOwn: settings.get(SettingField.dailyRevealAfterOwn) !== false,
  }
}

export function setPauseMinutes(doc: Y.Doc, minutes: number): boolean {
  if (!isValidPauseLength(minutes)) return false
  settingsMap(doc).set(SettingField.pauseMinutes, minutes)
  return true
}

export function setRecordWhoPaused(doc: Y.Doc, record: boolean): void {
  settingsMap(doc).set(SettingField.recordWhoPaused, record)
}

export function setDailyRevealAfterOwn(doc: Y.Doc, on: boolean): void {
  settingsMap(doc).set(SettingField.dailyRevealAfterOwn, on)
}

/** Names the board for everyone on it; an empty name clears it, so the neutral placeholder shows again. */
export function setBoardName(doc: Y.Doc, name: string): void {
  const cleaned = cleanBoardName(name)
  const settings = settingsMap(doc)
  if (cleaned === cleanBoardName(settings.get(SettingField.boardName))) return
  if (cleaned === '') settings.delete(SettingField.boardName)
  else settings.set(SettingField.boardName, cleaned)
}

/** One line, trimmed, at most MAX_BOARD_NAME characters; anything not a string (an old or odd doc) reads as no name. */
function cleanBoardName(value: unknown): string {
  if (typeof value !== 'string') return ''
  return value.replace(/\s+/g, ' ').trim().slice(0, MAX_BOARD_NAME)
}

import type * as Y from 'yjs'
import { DEFAULT_PAUSE_MINUTES, SettingField } from '../../shared/schema.ts'
import { isValidPauseLength } from './pause.ts'

export type BoardSettings = {
  /** How long a pause lasts unless another length is chosen when pausing. */
  pauseMinutes: number
  /** Off by default: the guide's pause needs no reason and no name. */
  recordWhoPaused: boolean
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

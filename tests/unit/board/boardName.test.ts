import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_BOARD_NAME, SettingField } from '../../../shared/schema.ts'
import { readSettings, setBoardName, settingsMap } from '../../../client/core/settings.ts'

describe("the board's name", () => {
  it('is kept in the doc, on one line and trimmed', () => {
    const doc = new Y.Doc()
    setBoardName(doc, '  Sam &\n Robin  ')
    expect(readSettings(doc).boardName).toBe('Sam & Robin')
  })

  it('is cut at the longest name the app bar shows', () => {
    const doc = new Y.Doc()
    setBoardName(doc, 'x'.repeat(MAX_BOARD_NAME + 20))
    expect(readSettings(doc).boardName).toHaveLength(MAX_BOARD_NAME)
  })

  it('cleared, is removed, so the placeholder shows again', () => {
    const doc = new Y.Doc()
    setBoardName(doc, 'Sundays')
    setBoardName(doc, '   ')
    expect(settingsMap(doc).has(SettingField.boardName)).toBe(false)
    expect(readSettings(doc).boardName).toBe('')
  })

  it('saved unchanged writes nothing, so a blur without an edit is not a change to sync', () => {
    const doc = new Y.Doc()
    setBoardName(doc, 'Sundays')
    let updates = 0
    doc.on('update', () => updates++)
    setBoardName(doc, ' Sundays ')
    expect(updates).toBe(0)
  })

  it('reads as no name when the doc holds something that is not text', () => {
    const doc = new Y.Doc()
    settingsMap(doc).set(SettingField.boardName, 42)
    expect(readSettings(doc).boardName).toBe('')
  })
})

import { describe, expect, it } from 'vitest'
import { isPauseGesture } from '../../../client/pause/pauseShortcut.ts'

type Press = {
  key: string
  code: string
  ctrlKey?: boolean
  shiftKey?: boolean
  altKey?: boolean
  metaKey?: boolean
  repeat?: boolean
  altGraph?: boolean
}

function press({ altGraph = false, ...keys }: Press) {
  return {
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    metaKey: false,
    repeat: false,
    ...keys,
    getModifierState: (modifier: string) => modifier === 'AltGraph' && altGraph,
  }
}

describe('the pause shortcut', () => {
  it('is Ctrl+Shift+Space', () => {
    expect(isPauseGesture(press({ key: ' ', code: 'Space', ctrlKey: true, shiftKey: true }))).toBe(true)
  })

  it('is never a single printable key: p, P, or a bare space pause nothing', () => {
    for (const [key, code] of [
      ['p', 'KeyP'],
      ['P', 'KeyP'],
      [' ', 'Space'],
    ]) {
      expect(isPauseGesture(press({ key, code }))).toBe(false)
      expect(isPauseGesture(press({ key, code, shiftKey: true }))).toBe(false)
    }
  })

  it('needs both Ctrl and Shift', () => {
    expect(isPauseGesture(press({ key: ' ', code: 'Space', ctrlKey: true }))).toBe(false)
    expect(isPauseGesture(press({ key: ' ', code: 'Space', shiftKey: true }))).toBe(false)
  })

  it('never fires through AltGr, whether it arrives as Ctrl+Alt or as AltGraph', () => {
    expect(isPauseGesture(press({ key: ' ', code: 'Space', ctrlKey: true, shiftKey: true, altKey: true }))).toBe(false)
    expect(isPauseGesture(press({ key: ' ', code: 'Space', ctrlKey: true, shiftKey: true, altGraph: true }))).toBe(false)
  })

  it('ignores Cmd and a held-down key', () => {
    expect(isPauseGesture(press({ key: ' ', code: 'Space', ctrlKey: true, shiftKey: true, metaKey: true }))).toBe(false)
    expect(isPauseGesture(press({ key: ' ', code: 'Space', ctrlKey: true, shiftKey: true, repeat: true }))).toBe(false)
  })

  it('ignores other keys with the same modifiers (Ctrl+Shift+P opens a private window in Firefox)', () => {
    expect(isPauseGesture(press({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true }))).toBe(false)
    expect(isPauseGesture(press({ key: 'X', code: 'KeyX', ctrlKey: true, shiftKey: true }))).toBe(false)
  })
})

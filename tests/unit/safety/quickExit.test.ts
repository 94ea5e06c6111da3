import { describe, expect, it } from 'vitest'
import { exitOnShortcut, isQuickExitGesture } from '../../../client/safety/quickExit.ts'

type Press = { key: string; code?: string; ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean; metaKey?: boolean; repeat?: boolean }

function keydown(press: Press): Event {
  return Object.assign(new Event('keydown', { cancelable: true }), {
    code: '',
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    metaKey: false,
    repeat: false,
    ...press,
  })
}

function watch() {
  const target = new EventTarget()
  let exits = 0
  const stop = exitOnShortcut(target, () => exits++)
  return { target, stop, exits: () => exits }
}

describe('the quick exit shortcut is Ctrl+Shift+X and nothing ordinary use makes', () => {
  it('leaves on Ctrl+Shift+X, by the letter or by the key where X sits', () => {
    const { target, exits } = watch()
    const event = keydown({ key: 'X', code: 'KeyX', ctrlKey: true, shiftKey: true })
    target.dispatchEvent(event)
    expect(exits()).toBe(1)
    expect(event.defaultPrevented).toBe(true)
    // A keyboard whose X key types another letter (Cyrillic: Ч) still leaves.
    target.dispatchEvent(keydown({ key: 'Ч', code: 'KeyX', ctrlKey: true, shiftKey: true }))
    expect(exits()).toBe(2)
  })

  it('does not leave on Escape, Escape twice, or any single key', () => {
    const { target, exits } = watch()
    for (const key of ['Escape', 'Escape', 'x', 'X', 'p', 'Enter']) target.dispatchEvent(keydown({ key, code: key === 'x' ? 'KeyX' : '' }))
    expect(exits()).toBe(0)
  })

  it('does not leave on Ctrl+X (cut), Shift+X, AltGr combinations, Cmd or a held key repeating', () => {
    expect(
      isQuickExitGesture({ key: 'x', code: 'KeyX', ctrlKey: true, shiftKey: false, altKey: false, metaKey: false, repeat: false }),
    ).toBe(false)
    expect(
      isQuickExitGesture({ key: 'X', code: 'KeyX', ctrlKey: false, shiftKey: true, altKey: false, metaKey: false, repeat: false }),
    ).toBe(false)
    // AltGr arrives as Ctrl+Alt on Windows.
    expect(isQuickExitGesture({ key: 'X', code: 'KeyX', ctrlKey: true, shiftKey: true, altKey: true, metaKey: false, repeat: false })).toBe(
      false,
    )
    expect(isQuickExitGesture({ key: 'X', code: 'KeyX', ctrlKey: true, shiftKey: true, altKey: false, metaKey: true, repeat: false })).toBe(
      false,
    )
    expect(isQuickExitGesture({ key: 'X', code: 'KeyX', ctrlKey: true, shiftKey: true, altKey: false, metaKey: false, repeat: true })).toBe(
      false,
    )
  })

  it('stops watching when asked', () => {
    const { target, exits, stop } = watch()
    stop()
    target.dispatchEvent(keydown({ key: 'X', code: 'KeyX', ctrlKey: true, shiftKey: true }))
    expect(exits()).toBe(0)
  })
})

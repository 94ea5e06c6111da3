import { describe, expect, it } from 'vitest'
import { DOUBLE_ESCAPE_MS, exitOnDoubleEscape } from '../../../client/safety/quickExit.ts'

function press(target: EventTarget, key: string, repeat = false): void {
  target.dispatchEvent(Object.assign(new Event('keydown'), { key, repeat }))
}

function watch() {
  const target = new EventTarget()
  let clock = 0
  let exits = 0
  const stop = exitOnDoubleEscape(target, () => exits++, () => clock)
  return { target, stop, exits: () => exits, wait: (ms: number) => (clock += ms) }
}

describe('Escape twice is a quick exit', () => {
  it('leaves on the second press within the window', () => {
    const { target, exits, wait } = watch()
    press(target, 'Escape')
    expect(exits()).toBe(0)
    wait(DOUBLE_ESCAPE_MS - 1)
    press(target, 'Escape')
    expect(exits()).toBe(1)
  })

  it('does not leave on two presses further apart, or on two presses of another key', () => {
    const { target, exits, wait } = watch()
    press(target, 'Escape')
    wait(DOUBLE_ESCAPE_MS + 1)
    press(target, 'Escape')
    expect(exits()).toBe(0)
    wait(DOUBLE_ESCAPE_MS + 1)
    press(target, 'a')
    press(target, 'a')
    expect(exits()).toBe(0)
  })

  it('does not count a held key repeating as a second press', () => {
    const { target, exits } = watch()
    press(target, 'Escape')
    press(target, 'Escape', true)
    expect(exits()).toBe(0)
  })

  it('stops watching when asked', () => {
    const { target, exits, stop } = watch()
    stop()
    press(target, 'Escape')
    press(target, 'Escape')
    expect(exits()).toBe(0)
  })
})

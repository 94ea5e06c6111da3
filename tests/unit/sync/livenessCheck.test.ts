import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LivenessCheck, LIVENESS_TIMES } from '../../../client/sync/livenessCheck.ts'

const { quietMs, answerMs, welcomeMs } = LIVENESS_TIMES

function watched() {
  const asked = vi.fn()
  const dead = vi.fn()
  return { check: new LivenessCheck(asked, dead), asked, dead }
}

describe('the liveness check', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('calls a welcomed socket dead within a few seconds of hearing nothing, after asking once', () => {
    const { check, asked, dead } = watched()
    check.opened()
    check.welcomed()
    vi.advanceTimersByTime(quietMs - 1)
    expect(asked).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(asked).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(answerMs - 1)
    expect(dead).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(dead).toHaveBeenCalledTimes(1)
    // Well inside the 10 s the issue allows from the line going quiet to "Offline".
    expect(quietMs + answerMs).toBeLessThanOrEqual(7_000)
  })

  it('keeps a socket that answers: any frame heard after asking proves it alive', () => {
    const { check, asked, dead } = watched()
    check.opened()
    check.welcomed()
    for (let round = 0; round < 10; round++) {
      vi.advanceTimersByTime(quietMs + answerMs - 1)
      check.heard()
    }
    expect(asked).toHaveBeenCalledTimes(10)
    expect(dead).not.toHaveBeenCalled()
  })

  it('never asks a busy line', () => {
    const { check, asked, dead } = watched()
    check.opened()
    check.welcomed()
    for (let frame = 0; frame < 100; frame++) {
      vi.advanceTimersByTime(quietMs / 2)
      check.heard()
    }
    expect(asked).not.toHaveBeenCalled()
    expect(dead).not.toHaveBeenCalled()
  })

  it('asks nothing before the welcome, and calls a socket never welcomed dead', () => {
    const { check, asked, dead } = watched()
    check.opened()
    check.heard()
    vi.advanceTimersByTime(welcomeMs - 1)
    expect(asked).not.toHaveBeenCalled()
    expect(dead).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(dead).toHaveBeenCalledTimes(1)
  })

  it('does nothing once stopped', () => {
    const { check, asked, dead } = watched()
    check.opened()
    check.welcomed()
    check.stop()
    vi.advanceTimersByTime(60_000)
    expect(asked).not.toHaveBeenCalled()
    expect(dead).not.toHaveBeenCalled()
  })
})

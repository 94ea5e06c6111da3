/**
 * A person's own choice of lane on a phone: focus follows it, so a screen
 * reader lands in the lane just chosen, and the switcher stays in view.
 * Only ever called from a person's tap, never because someone else moved
 * the talk on: a remote change is shown, not forced.
 */
export function focusChosenLane(lane: string): void {
  queueMicrotask(() => document.getElementById(`lane-${lane}-title`)?.focus({ preventScroll: true }))
  document.getElementById('lane-switcher')?.scrollIntoView({ block: 'nearest' })
}

/**
 * Quick exit: someone who may be watched leaves the board at once. The tab
 * shows an everyday page served by this app (no other host learns of it),
 * and the board's address, secret included, is gone from the tab's history:
 * the entry it stood in now holds the neutral page, so Back cannot bring the
 * board back. The app only ever keeps one history entry of its own (the
 * router replaces rather than adds, see router.svelte.ts), so none is left.
 */
export const NEUTRAL_PAGE = '/recipes.html'

/** Two presses of Escape within this long are a quick exit; one press still closes what it closes. */
export const DOUBLE_ESCAPE_MS = 1000

export function quickExit(): void {
  // First overwrite the entry itself (so even a slow unload leaves no board address behind), then load the page.
  history.replaceState(null, '', NEUTRAL_PAGE)
  location.replace(NEUTRAL_PAGE)
}

/** Watches for Escape pressed twice in quick succession, anywhere in the app; returns the way to stop. */
export function exitOnDoubleEscape(
  target: EventTarget = window,
  exit: () => void = quickExit,
  now: () => number = () => performance.now(),
): () => void {
  let lastEscapeAt = -Infinity
  const onKeydown = (event: Event) => {
    const { key, repeat } = event as KeyboardEvent
    if (key !== 'Escape' || repeat) return
    const at = now()
    if (at - lastEscapeAt <= DOUBLE_ESCAPE_MS) exit()
    lastEscapeAt = at
  }
  // Capture phase: a dialog or editor that handles Escape itself still lets the second press through to here.
  target.addEventListener('keydown', onKeydown, { capture: true })
  return () => target.removeEventListener('keydown', onKeydown, { capture: true })
}

/**
 * Quick exit: someone who may be watched leaves the board at once. The tab
 * shows an everyday page served by this app (no other host learns of it),
 * and the board's address, secret included, is gone from the tab's history:
 * the entry it stood in now holds the neutral page, so Back cannot bring the
 * board back. The app only ever keeps one history entry of its own (the
 * router replaces rather than adds, see router.svelte.ts), so none is left.
 */
export const NEUTRAL_PAGE = '/recipes.html'

/**
 * The keyboard's way out: Ctrl+Shift+X, anywhere in the app, text boxes
 * and open sheets included. Chosen because no ordinary use makes it (Escape
 * closes sheets, so "Escape twice" fired by accident), it needs no AltGr
 * (AltGr arrives as Ctrl+Alt, so Alt must be up) and no major browser
 * reserves it. Matched by the key's place as well as its letter, so it works
 * on keyboards whose X key types another letter.
 */
export const QUICK_EXIT_SHORTCUT = { aria: 'Control+Shift+X', label: 'Ctrl+Shift+X' } as const

export function quickExit(): void {
  // First overwrite the entry itself (so even a slow unload leaves no board address behind), then load the page.
  history.replaceState(null, '', NEUTRAL_PAGE)
  location.replace(NEUTRAL_PAGE)
}

type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey' | 'repeat'>

/** True for the quick-exit shortcut, and for nothing else. */
export function isQuickExitGesture(event: KeyPress): boolean {
  if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey || event.repeat) return false
  return event.code === 'KeyX' || event.key.toLowerCase() === 'x'
}

/** Watches for the shortcut anywhere in the app; returns the way to stop. */
export function exitOnShortcut(target: EventTarget = window, exit: () => void = quickExit): () => void {
  const onKeydown = (event: Event) => {
    if (!isQuickExitGesture(event as KeyboardEvent)) return
    event.preventDefault()
    exit()
  }
  // Capture phase: a sheet or text box that handles keys itself still lets the shortcut through to here.
  target.addEventListener('keydown', onKeydown, { capture: true })
  return () => target.removeEventListener('keydown', onKeydown, { capture: true })
}

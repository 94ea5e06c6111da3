/**
 * The keyboard's way to pause: Ctrl+Shift+Space. A single printable key
 * paused the board for everyone when someone typed "please" with no text
 * box focused, so the shortcut needs a modifier. Space types nothing with
 * Ctrl+Shift held, so it also works while writing a card, and it reads the
 * same on every keyboard layout. Alt is never part of it: AltGr arrives as
 * Ctrl+Alt on Windows (and macOS reports Option as AltGraph), so a key
 * typed through AltGr must never pause. No major browser reserves it
 * (Ctrl+Shift+P opens a private window in Firefox).
 */
export const PAUSE_SHORTCUT = { aria: 'Control+Shift+Space', label: 'Ctrl+Shift+Space' } as const

type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey' | 'repeat' | 'getModifierState'>

/** True for the pause shortcut, and for nothing else: no bare key, no AltGr, no held-down repeat. */
export function isPauseGesture(event: KeyPress): boolean {
  if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey || event.repeat) return false
  if (event.getModifierState('AltGraph')) return false
  return event.code === 'Space' || event.key === ' '
}

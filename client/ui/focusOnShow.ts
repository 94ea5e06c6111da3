/**
 * An attachment ({@attach focusOnShow}) that moves focus to an element as it
 * appears: a form opened by a button, or the pause view replacing the board,
 * so keyboard and screen-reader users land where the change happened.
 */
export function focusOnShow(element: HTMLElement): void {
  element.focus()
}

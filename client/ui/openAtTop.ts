/**
 * An attachment ({@attach openAtTop}) for the heading of something long
 * opened in a sheet (a talk's summary): it opens at its top, with the focus
 * on its heading. Left alone, a modal dialog focuses its first button — a
 * summary's `Download summary`, at its end — and scrolls down to it.
 * Deferred a frame, so it comes after the dialog's own focusing.
 */
export function openAtTop(heading: HTMLElement): () => void {
  const frame = requestAnimationFrame(() => {
    heading.focus({ preventScroll: true })
    let scroller: HTMLElement | null = heading.parentElement
    for (; scroller !== null; scroller = scroller.parentElement) scroller.scrollTop = 0
  })
  return () => cancelAnimationFrame(frame)
}

/**
 * For the app's own links: following one replaces the current page in the
 * tab's history instead of adding an entry, so the app only ever holds one
 * entry there and a quick exit, which overwrites it, leaves no board behind
 * Back. A click with a modifier (a new tab or window) is left to the browser.
 */
export function replacesPage(link: HTMLAnchorElement): () => void {
  const follow = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    location.replace(link.href)
  }
  link.addEventListener('click', follow)
  return () => link.removeEventListener('click', follow)
}

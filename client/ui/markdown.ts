/**
 * People's own words inside a Markdown file the app writes (a talk's
 * summary, a copy of the board). Their words may come from someone who
 * means harm, and a Markdown viewer renders HTML, links and structure: a
 * card's text must never be able to add a line that reads as the app's own
 * ("Accepted by: …"), a link, an image or HTML.
 *
 * Words within a line are escaped and kept on that line; words that span
 * lines are quoted, every line marked with "> ", so anything of theirs is
 * visibly theirs in the file as written and as rendered.
 */

/** Characters that start Markdown or HTML inside a line: emphasis, code, links and images, HTML and autolinks, headings, tables, strikethrough. */
const INLINE_SYNTAX = /[\\`*_[\]<>#|~]/g
/** What would make a quoted line a list item, a heading underline or a rule: escaped where it is punctuation. */
const LINE_START_MARK = /^[-+=]/
const LINE_START_NUMBER = /^(\d+)([.)])/
/** Line breaks and other control characters, which would end the line early. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

function escapeInline(text: string): string {
  return text.replace(INLINE_SYNTAX, '\\$&')
}

/** Someone's words on one line: escaped, with line breaks folded into spaces. */
export function markdownInline(text: string): string {
  return escapeInline(text.replace(CONTROLS, ' ').replace(/ {2,}/g, ' ').trim())
}

/** Someone's words over as many lines as they wrote, each marked as quoted, after `indent`. */
export function markdownQuote(text: string, indent = ''): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      // Leading spaces go: four of them would make the line code.
      const escaped = escapeInline(line.replace(CONTROLS, ' ').trim()).replace(LINE_START_MARK, '\\$&').replace(LINE_START_NUMBER, '$1\\$2')
      return escaped === '' ? `${indent}>` : `${indent}> ${escaped}`
    })
    .join('\n')
}

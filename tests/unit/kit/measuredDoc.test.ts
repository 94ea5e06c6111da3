/**
 * The measured parts of docs/benchmarks.md and docs/reliability.md are
 * rewritten by the commands that measure them (tests/kit/measuredDoc.ts):
 * a part's figures change, the prose around them does not.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { writeMeasured } from '../../kit/measuredDoc.ts'

function docWith(text: string): URL {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-doc-'))
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
  const file = path.join(dir, 'doc.md')
  fs.writeFileSync(file, text)
  return pathToFileURL(file)
}

const read = (file: URL) => fs.readFileSync(file, 'utf8')

describe('a measured doc', () => {
  it('rewrites a part between its markers and leaves the prose and the other parts as they were', () => {
    const doc = docWith(
      '# Title\n\nHow it is measured.\n\n<!-- measured: a -->\nold a\n<!-- /measured: a -->\n\nBetween.\n\n<!-- measured: b -->\nold b\n<!-- /measured: b -->\n',
    )
    writeMeasured(doc, { a: '\nnew a, $& and $1 kept as written\n' })
    expect(read(doc)).toBe(
      '# Title\n\nHow it is measured.\n\n<!-- measured: a -->\nnew a, $& and $1 kept as written\n<!-- /measured: a -->\n\nBetween.\n\n<!-- measured: b -->\nold b\n<!-- /measured: b -->\n',
    )
  })

  it('adds a part it does not hold yet at its end', () => {
    const doc = docWith('# Title\n')
    writeMeasured(doc, { c: 'first c' })
    expect(read(doc)).toBe('# Title\n\n<!-- measured: c -->\nfirst c\n<!-- /measured: c -->\n')
  })

  it.each(['docs/benchmarks.md', 'docs/reliability.md'])(
    '%s begins with its head part, and writing back what it holds changes nothing',
    (name) => {
      const file = pathToFileURL(path.resolve(name))
      const text = read(file)
      expect(text.split('\n').slice(0, 3)).toEqual([expect.stringMatching(/^# /), '', '<!-- measured: head -->'])
      const parts = Object.fromEntries(
        [...text.matchAll(/<!-- measured: ([\w-]+) -->\n([\s\S]*?)\n<!-- \/measured: \1 -->/g)].map(([, part, body]) => [part!, body!]),
      )
      const copy = docWith(text)
      writeMeasured(copy, parts)
      expect(read(copy)).toBe(text)
    },
  )
})

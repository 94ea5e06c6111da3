/**
 * Source lines for profile frames in files tsx compiled. tsx hands V8 code
 * with its whitespace removed (each file one line), so a profile's line
 * numbers say nothing; compiling the file again with tsx's own esbuild and
 * options (tsx's dist, `minifyWhitespace` and `keepNames`) gives the same
 * code and its source map, which maps a column back to the line.
 */
import fs from 'node:fs'
import { createRequire, SourceMap } from 'node:module'
import type * as EsbuildModule from 'esbuild'

type Esbuild = typeof EsbuildModule
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx'))('esbuild') as Esbuild
const maps = new Map<string, SourceMap | null>()

/** The 1-based source line of a 0-based line and column of tsx's output; null when the file cannot be mapped. */
export function sourceLineOf(file: string, line: number, column: number): number | null {
  if (!maps.has(file)) maps.set(file, compile(file))
  const entry = maps.get(file)?.findEntry(line, column)
  return entry !== undefined && 'originalLine' in entry ? entry.originalLine + 1 : null
}

function compile(file: string): SourceMap | null {
  try {
    const { map } = esbuild.transformSync(fs.readFileSync(file, 'utf8'), {
      target: `node${process.versions.node}`,
      loader: 'default',
      format: 'esm',
      sourcefile: file,
      sourcemap: 'external',
      minifyWhitespace: true,
      keepNames: true,
    })
    return new SourceMap(JSON.parse(map))
  } catch {
    return null
  }
}

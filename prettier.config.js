// The code's own style, kept by a tool: no semicolons, single quotes, two spaces, and lines up to
// 140 characters (wide enough for a test's name on one line, narrow enough to read side by side).
export default {
  semi: false,
  singleQuote: true,
  printWidth: 140,
  plugins: ['prettier-plugin-svelte'],
  overrides: [{ files: '*.svelte', options: { parser: 'svelte' } }],
}

/**
 * Turning what someone typed into a safe FTS5 query, and snippets back into parts. Shared by
 * the server and the search page (no database here).
 */

/**
 * Private-use characters marking matches in snippets; removed from indexed text so that nobody
 * can forge a highlight by typing them.
 */
export const MATCH_START = '\uE000'
export const MATCH_END = '\uE001'

/** Queries shorter than this (letters and digits only) are not searched. */
export const MIN_QUERY_LENGTH = 2
/** Longer input is cut; nobody types more into a search box. */
export const MAX_QUERY_LENGTH = 200
const MAX_TERMS = 12
const MAX_TERM_LENGTH = 64
export const DEFAULT_LIMIT = 50

/**
 * The words of a query as the index sees them: runs of letters, digits and combining marks.
 * Everything else (quotes, `*`, `(`, `-`, `:`, `^`…) separates words, so FTS5 syntax typed
 * into the box is searched as plain words and never reaches the MATCH parser.
 */
export function queryTerms(query: string) {
	const words = query
		.slice(0, MAX_QUERY_LENGTH)
		.normalize('NFC')
		.match(/[\p{L}\p{N}\p{M}]+/gu)
	return (words ?? []).slice(0, MAX_TERMS).map((word) => word.slice(0, MAX_TERM_LENGTH))
}

/**
 * A safe FTS5 MATCH expression: every word quoted and prefix-matched (`"bydl"*`), all of them
 * required. Null when nothing searchable is left or the query is too short.
 */
export function buildMatchExpression(query: string) {
	const terms = queryTerms(query)
	if (terms.join('').length < MIN_QUERY_LENGTH) return null
	// Terms hold only letters, digits and marks, so they never contain a double quote.
	return terms.map((term) => `"${term}"*`).join(' ')
}

export type SnippetPart = { text: string; match: boolean }

/** Splits a snippet on the match markers into plain parts, for React to render (and escape). */
export function snippetParts(snippet: string): SnippetPart[] {
	const parts: SnippetPart[] = []
	let rest = snippet
	while (rest.length > 0) {
		const start = rest.indexOf(MATCH_START)
		if (start === -1) {
			parts.push({ text: rest, match: false })
			break
		}
		if (start > 0) parts.push({ text: rest.slice(0, start), match: false })
		const end = rest.indexOf(MATCH_END, start + 1)
		const stop = end === -1 ? rest.length : end
		const text = rest.slice(start + 1, stop)
		if (text) parts.push({ text, match: true })
		rest = end === -1 ? '' : rest.slice(end + 1)
	}
	return parts.map((part) => ({
		...part,
		text: part.text.replaceAll(MATCH_START, '').replaceAll(MATCH_END, ''),
	}))
}

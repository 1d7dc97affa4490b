import { Transform } from 'node:stream'

/**
 * React 18.3's streaming renderer copies text into 2,048-byte views; when the next character is
 * multi-byte (Czech "ř" takes 2 bytes, "–" 3) and does not fit at the end of a view, it flushes the
 * whole view anyway, so the 1–3 bytes it left unwritten reach the page as NUL bytes
 * (facebook/react#24985, fixed upstream in facebook/react#26228 but not released in 18.x).
 */
export const REACT_VIEW_SIZE = 2048

/**
 * The HTML stream between React and the response: a full-size view ending in NUL bytes loses
 * them. Nothing else changes; HTML never carries a NUL that means anything (parsers drop or
 * replace it, and our text fields strip it on input).
 */
export function createHtmlBody() {
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			if (chunk.length !== REACT_VIEW_SIZE || chunk[chunk.length - 1] !== 0) {
				callback(null, chunk)
				return
			}
			let end = chunk.length
			// At most 3: the longest UTF-8 sequence is 4 bytes, so at most 3 bytes stay unwritten.
			while (end > chunk.length - 3 && chunk[end - 1] === 0) end -= 1
			callback(null, chunk.subarray(0, end))
		},
	})
}

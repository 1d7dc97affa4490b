/**
 * The one check for every "where to go next" value a request brings (`redirectTo` after signing
 * in, after switching the language): only a path on this site passes, anything else becomes the
 * fallback. Browsers drop tabs and line breaks inside URLs and read `\` as `/`, so `/\t/evil.cz`
 * or `/\evil.cz` would leave the site; a CR/LF in a Location header is an error. Such values are
 * refused rather than repaired, both as sent and once percent-decoded (a later redirect could
 * decode them).
 */
export const MAX_REDIRECT_LENGTH = 2000

// Any placeholder origin works: a value that keeps it is a path on whatever host serves us.
const BASE = 'http://sitovka.invalid'

/** C0 and C1 control characters (NUL, tab, CR, LF, DEL…). */
function hasControl(value: string) {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index)
		if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true
	}
	return false
}

function isLocalPath(value: string) {
	return (
		value.startsWith('/') &&
		!value.startsWith('//') &&
		// Every kind of whitespace (tab, CR, LF, NBSP, line separators…) and backslashes too.
		!/[\s\\]/u.test(value) &&
		!hasControl(value) &&
		new URL(value, BASE).origin === BASE
	)
}

/** Once decoded, the value may hold spaces (`?q=Jana%20Nová`) but must not turn into `//host`. */
function staysLocalDecoded(value: string) {
	let decoded: string
	try {
		decoded = decodeURIComponent(value)
	} catch {
		return false
	}
	return !hasControl(decoded) && !decoded.replace(/\\/g, '/').startsWith('//')
}

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
	if (typeof to !== 'string' || !to || to.length > MAX_REDIRECT_LENGTH) return fallback
	if (!isLocalPath(to) || !staysLocalDecoded(to)) return fallback
	const url = new URL(to, BASE)
	return `${url.pathname}${url.search}${url.hash}`
}

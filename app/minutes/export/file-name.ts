import { utcToPragueLocal } from '#app/meetings/prague-time.ts'

const MAX_SLUG = 60

function trimSlug(slug: string) {
	return slug.slice(0, MAX_SLUG).replace(/^-+|-+$/g, '')
}

/** "Setkání KMB Písek" → "setkani-kmb-pisek": letters without diacritics, digits and dashes. */
export function asciiSlug(text: string) {
	return trimSlug(
		text
			.normalize('NFKD')
			.replace(/\p{M}/gu, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+/, ''),
	)
}

/** "Setkání KMB Písek" → "setkání-kmb-písek": the same with the Czech letters kept. */
function unicodeSlug(text: string) {
	return trimSlug(
		text
			.normalize('NFC')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}]+/gu, '-')
			.replace(/^-+/, ''),
	)
}

/** RFC 5987 value characters: percent-encoded UTF-8 without ' ( ) * either. */
function rfc5987(value: string) {
	return encodeURIComponent(value).replace(
		/['()*]/g,
		(char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
	)
}

/**
 * `attachment` with an ASCII `filename` for old clients and the Czech name in `filename*`:
 * `zapis-<title>-<YYYY-MM-DD>.<ext>`, the date of the meeting in Prague.
 */
export function minutesContentDisposition(
	meeting: { title: string; startsAt: Date | number },
	extension: string,
) {
	const date = utcToPragueLocal(meeting.startsAt).slice(0, 10)
	const name = (prefix: string, slug: string) =>
		`${[prefix, slug, date].filter(Boolean).join('-')}.${extension}`
	const ascii = name('zapis', asciiSlug(meeting.title))
	const czech = name('zápis', unicodeSlug(meeting.title))
	return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(czech)}`
}

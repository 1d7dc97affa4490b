/** Lower case without diacritics: "Ústí nad Labem" → "usti nad labem". For search keys. */
export function normalizeForSearch(value: string): string {
	return value
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim()
}

/**
 * Characters no text field keeps (README decision "Request body limits per route kind", text
 * rule): the bidirectional controls that can make text read backwards or reorder what follows it
 * (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F marks, U+061C
 * the Arabic letter mark; the marks are harmless alone but are stripped with the rest so the rule
 * stays one rule), NUL and the other C0 controls except tab, line feed and carriage return, DEL
 * and the C1 controls. Czech text never needs any of them.
 */
const UNWANTED_CHARACTERS =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/** User text without bidirectional controls and control characters (see above). */
export function cleanText(value: string): string {
	return value.replace(UNWANTED_CHARACTERS, '')
}

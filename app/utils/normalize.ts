/** Lower case without diacritics: "Ústí nad Labem" → "usti nad labem". For search keys. */
export function normalizeForSearch(value: string): string {
	return value
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim()
}

/**
 * IČO (identifikační číslo osoby), the Czech id of companies, municipalities and NGOs.
 *
 * It has 8 digits; the last is a mod-11 check digit over the first seven (weights 8…2).
 * Older ids were issued with 6 or 7 digits and are written today with leading zeros
 * (Liberec: 262978 → 00262978), so such input is padded. Anything shorter is a typo.
 */

const WEIGHTS = [8, 7, 6, 5, 4, 3, 2] as const

/** Lengths that are padded with leading zeros: historical 6- and 7-digit ids. */
const PADDED_LENGTHS = new Set([6, 7])

/**
 * The IČO as stored: whitespace (also non-breaking spaces, "002 62 978") removed, a 6- or 7-digit
 * number padded to 8 digits. Other input is returned without whitespace and fails `isValidIco`.
 */
export function normalizeIco(input: string): string {
	const compact = input.replace(/\s+/g, '')
	if (/^\d+$/.test(compact) && PADDED_LENGTHS.has(compact.length)) {
		return compact.padStart(8, '0')
	}
	return compact
}

/** The check digit for the first seven digits: r = Σ wᵢdᵢ mod 11, digit = (11 − r) mod 10. */
export function icoCheckDigit(firstSeven: string): number {
	let sum = 0
	for (let i = 0; i < WEIGHTS.length; i++) sum += WEIGHTS[i]! * Number(firstSeven[i])
	return (11 - (sum % 11)) % 10
}

/** True for exactly 8 digits with a correct check digit; normalise typed input first. */
export function isValidIco(ico: string): boolean {
	if (!/^\d{8}$/.test(ico)) return false
	return icoCheckDigit(ico.slice(0, 7)) === Number(ico[7])
}

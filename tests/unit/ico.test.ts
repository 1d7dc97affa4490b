import { describe, expect, test } from 'vitest'
import { icoCheckDigit, isValidIco, normalizeIco } from '#app/organisations/ico.ts'
import { OrganisationSchema } from '#app/organisations/organisation.schema.ts'

describe('IČO check digit', () => {
	test.each([
		['00262978', 'Statutární město Liberec'],
		['00075370', 'Statutární město Plzeň'],
		['00064581', 'Hlavní město Praha'],
		['25755277', 'company'],
		['27074358', 'company'],
		['45274649', 'company'],
	])('%s (%s) is valid', (ico) => {
		expect(isValidIco(ico)).toBe(true)
	})

	test('remainder 0 gives check digit 1 (Praha, 00064581)', () => {
		// 6·5 + 4·4 + 5·3 + 8·2 = 77 = 7·11
		expect(icoCheckDigit('0006458')).toBe(1)
		expect(isValidIco('00064581')).toBe(true)
		expect(isValidIco('00064580')).toBe(false)
	})

	test('remainder 1 gives check digit 0 (Plzeň, 00075370)', () => {
		// 7·5 + 5·4 + 3·3 + 7·2 = 78 = 7·11 + 1
		expect(icoCheckDigit('0007537')).toBe(0)
		expect(isValidIco('00075370')).toBe(true)
		expect(isValidIco('00075371')).toBe(false)
	})

	test('other remainders give 11 − r (Liberec: r = 3, digit 8)', () => {
		expect(icoCheckDigit('0026297')).toBe(8)
	})

	test('a wrong last digit or swapped digits are refused', () => {
		expect(isValidIco('00262979')).toBe(false)
		expect(isValidIco('25755272')).toBe(false)
		expect(isValidIco('27073458')).toBe(false)
		expect(isValidIco('12345678')).toBe(false)
	})

	test('anything but exactly 8 digits is refused', () => {
		expect(isValidIco('')).toBe(false)
		expect(isValidIco('262978')).toBe(false)
		expect(isValidIco('0262978')).toBe(false)
		expect(isValidIco('002629780')).toBe(false)
		expect(isValidIco('0026297a')).toBe(false)
		expect(isValidIco('CZ00262978')).toBe(false)
		expect(isValidIco('0026 2978')).toBe(false)
	})
})

describe('normalizeIco', () => {
	test('removes spaces the user typed, also non-breaking ones', () => {
		expect(normalizeIco(' 002 62 978 ')).toBe('00262978')
		expect(normalizeIco('257\u00a055\u00a0277')).toBe('25755277')
		expect(normalizeIco('45274649')).toBe('45274649')
	})

	test('pads historical 6- and 7-digit IČO with leading zeros', () => {
		expect(normalizeIco('262978')).toBe('00262978')
		expect(normalizeIco('75370')).toBe('75370')
		expect(normalizeIco('0262978')).toBe('00262978')
		expect(normalizeIco('262 978')).toBe('00262978')
	})

	test('leaves letters and wrong lengths as they are, so they fail validation', () => {
		expect(normalizeIco('abc')).toBe('abc')
		expect(normalizeIco('2627')).toBe('2627')
		expect(normalizeIco('123456789')).toBe('123456789')
		expect(isValidIco(normalizeIco('2627'))).toBe(false)
		expect(isValidIco(normalizeIco('262978x'))).toBe(false)
	})
})

describe('IČO in the organisation form schema', () => {
	const parse = (ico: string | undefined) =>
		OrganisationSchema.safeParse({ name: 'Naděje, o. p. s.', kind: 'nno', ico })

	test('stores the normalised IČO', () => {
		const result = parse('262 978')
		expect(result.success && result.data.ico).toBe('00262978')
	})

	test('reports an invalid IČO with its own message key', () => {
		for (const ico of ['12345678', '2627', 'IČO 0026', '002629789']) {
			const result = parse(ico)
			expect(result.success).toBe(false)
			expect(result.error?.flatten().fieldErrors.ico).toEqual(['organisations.ico.invalid'])
		}
	})

	test('IČO is optional', () => {
		const result = parse(undefined)
		expect(result.success && result.data.ico).toBeUndefined()
	})
})

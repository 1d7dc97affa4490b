import { describe, expect, test } from 'vitest'
import { normalizeForSearch } from '#app/utils/normalize.ts'

describe('normalizeForSearch', () => {
	test('drops Czech diacritics and case', () => {
		expect(normalizeForSearch('Ústí nad Labem')).toBe('usti nad labem')
		expect(normalizeForSearch('UsTí')).toBe('usti')
		expect(normalizeForSearch('Žďár nad Sázavou')).toBe('zdar nad sazavou')
		expect(normalizeForSearch('Dvůr Králové nad Labem')).toBe('dvur kralove nad labem')
		expect(normalizeForSearch('Třebíč, Česká Lípa, Plzeň, Šťáhlavy')).toBe(
			'trebic, ceska lipa, plzen, stahlavy',
		)
	})

	test('precomposed and decomposed input give the same key', () => {
		const precomposed = 'Plzeň'.normalize('NFC')
		const decomposed = 'Plzeň'.normalize('NFD')
		expect(precomposed).not.toBe(decomposed)
		expect(normalizeForSearch(precomposed)).toBe('plzen')
		expect(normalizeForSearch(decomposed)).toBe('plzen')
	})

	test('collapses and trims white space but keeps hyphens and digits', () => {
		expect(normalizeForSearch('  Frýdek-Místek ')).toBe('frydek-mistek')
		expect(normalizeForSearch('Praha\t 7')).toBe('praha 7')
		expect(normalizeForSearch('   ')).toBe('')
	})

	test('keeps LIKE wildcards as ordinary characters (escaping is the query’s job)', () => {
		expect(normalizeForSearch('%_')).toBe('%_')
	})
})

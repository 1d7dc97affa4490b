import { describe, expect, test } from 'vitest'
import { pragueLocalToUtc, utcToPragueLocal } from '#app/meetings/prague-time.ts'
import {
	describeRecurrence,
	firstOccurrence,
	firstOccurrences,
	formatRRule,
	iterateOccurrences,
	occurrencesUntil,
	parseRRule,
	RecurrenceError,
} from '#app/meetings/recurrence.ts'

const prague = (local: string) => pragueLocalToUtc(local)!
const local = (dates: Date[]) => dates.map((date) => utcToPragueLocal(date))

describe('parseRRule and formatRRule', () => {
	test('reads the parts working groups use and writes them back', () => {
		const rule = parseRRule('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE')
		expect(rule).toMatchObject({
			freq: 'YEARLY',
			interval: 1,
			byMonth: [5, 9, 11],
			byDay: [{ weekday: 'WE', ordinal: 2 }],
			count: null,
			until: null,
		})
		expect(formatRRule(rule)).toBe('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE')
		expect(formatRRule(parseRRule('RRULE:freq=monthly;interval=2;byday=-1FR;count=6'))).toBe(
			'FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR;COUNT=6',
		)
	})

	test('UNTIL as a UTC time or a date (the whole Prague day)', () => {
		expect(parseRRule('FREQ=WEEKLY;UNTIL=20270630T220000Z').until?.toISOString()).toBe(
			'2027-06-30T22:00:00.000Z',
		)
		// 2027-12-31 23:59:59 in Prague (winter time) is 22:59:59 UTC.
		expect(parseRRule('FREQ=WEEKLY;UNTIL=20271231').until?.toISOString()).toBe(
			'2027-12-31T22:59:59.000Z',
		)
		expect(formatRRule(parseRRule('FREQ=WEEKLY;UNTIL=20271231'))).toBe(
			'FREQ=WEEKLY;UNTIL=20271231T225959Z',
		)
	})

	test('refuses rules outside the supported subset or broken', () => {
		const key = (text: string) => {
			try {
				parseRRule(text)
			} catch (error) {
				expect(error).toBeInstanceOf(RecurrenceError)
				return (error as RecurrenceError).messageKey
			}
			return 'accepted'
		}
		expect(key('FREQ=DAILY')).toBe('series.rrule.unsupported')
		expect(key('FREQ=MONTHLY;BYSETPOS=2;BYDAY=WE')).toBe('series.rrule.unsupported')
		expect(key('BYDAY=2WE')).toBe('series.rrule.invalid')
		expect(key('FREQ=MONTHLY;BYDAY=6WE')).toBe('series.rrule.invalid')
		expect(key('FREQ=WEEKLY;BYDAY=2WE')).toBe('series.rrule.invalid')
		expect(key('FREQ=MONTHLY;BYMONTH=13')).toBe('series.rrule.invalid')
		expect(key('FREQ=MONTHLY;INTERVAL=0')).toBe('series.rrule.interval')
		expect(key('FREQ=MONTHLY;COUNT=3;UNTIL=20271231')).toBe('series.rrule.countAndUntil')
		expect(key('FREQ=MONTHLY;UNTIL=tomorrow')).toBe('series.rrule.invalidUntil')
		expect(key('')).toBe('series.rrule.invalid')
	})
})

describe('occurrences', () => {
	test('second Wednesday in May, September and November keeps 9:30 Prague time across DST', () => {
		const rule = parseRRule('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE')
		const start = prague('2027-05-12T09:30')
		const dates = firstOccurrences(rule, start, 6)
		expect(local(dates)).toEqual([
			'2027-05-12T09:30',
			'2027-09-08T09:30',
			'2027-11-10T09:30',
			'2028-05-10T09:30',
			'2028-09-13T09:30',
			'2028-11-08T09:30',
		])
		// Summer time is UTC+2, winter time UTC+1: the UTC hour changes, the Prague one does not.
		expect(dates.map((date) => date.toISOString().slice(11, 16))).toEqual([
			'07:30',
			'07:30',
			'08:30',
			'07:30',
			'07:30',
			'08:30',
		])
	})

	test('last Friday of every month, also in months with five Fridays', () => {
		const rule = parseRRule('FREQ=MONTHLY;BYDAY=-1FR')
		expect(local(firstOccurrences(rule, prague('2027-01-29T14:00'), 5))).toEqual([
			'2027-01-29T14:00',
			'2027-02-26T14:00',
			'2027-03-26T14:00',
			'2027-04-30T14:00',
			'2027-05-28T14:00',
		])
	})

	test('COUNT ends the series after that many meetings', () => {
		const rule = parseRRule('FREQ=MONTHLY;BYDAY=1TU;COUNT=3')
		expect(local([...iterateOccurrences(rule, prague('2027-03-02T10:00'))])).toEqual([
			'2027-03-02T10:00',
			'2027-04-06T10:00',
			'2027-05-04T10:00',
		])
	})

	test('UNTIL includes a meeting on its last day and nothing after', () => {
		const rule = parseRRule('FREQ=WEEKLY;UNTIL=20270317')
		expect(local([...iterateOccurrences(rule, prague('2027-02-24T16:00'))])).toEqual([
			'2027-02-24T16:00',
			'2027-03-03T16:00',
			'2027-03-10T16:00',
			'2027-03-17T16:00',
		])
	})

	test('INTERVAL: every second month on the 15th, every third week', () => {
		expect(
			local(firstOccurrences(parseRRule('FREQ=MONTHLY;INTERVAL=2'), prague('2027-01-15T09:00'), 4)),
		).toEqual(['2027-01-15T09:00', '2027-03-15T09:00', '2027-05-15T09:00', '2027-07-15T09:00'])
		expect(
			local(firstOccurrences(parseRRule('FREQ=WEEKLY;INTERVAL=3'), prague('2027-03-17T08:00'), 3)),
		).toEqual(['2027-03-17T08:00', '2027-04-07T08:00', '2027-04-28T08:00'])
	})

	test('weekly across the spring and autumn clock change stays at the same wall-clock time', () => {
		const dates = firstOccurrences(parseRRule('FREQ=WEEKLY'), prague('2027-03-21T09:30'), 2)
		expect(local(dates)).toEqual(['2027-03-21T09:30', '2027-03-28T09:30'])
		expect(dates[1]!.getTime() - dates[0]!.getTime()).toBe((7 * 24 - 1) * 3600_000)
		const autumn = firstOccurrences(parseRRule('FREQ=WEEKLY'), prague('2027-10-24T09:30'), 2)
		expect(autumn[1]!.getTime() - autumn[0]!.getTime()).toBe((7 * 24 + 1) * 3600_000)
	})

	test('the 31st only in months that have one; last day of the month with -1', () => {
		expect(
			local(
				firstOccurrences(parseRRule('FREQ=MONTHLY;BYMONTHDAY=31'), prague('2027-01-31T10:00'), 3),
			),
		).toEqual(['2027-01-31T10:00', '2027-03-31T10:00', '2027-05-31T10:00'])
		expect(
			local(
				firstOccurrences(parseRRule('FREQ=MONTHLY;BYMONTHDAY=-1'), prague('2028-01-31T10:00'), 3),
			),
		).toEqual(['2028-01-31T10:00', '2028-02-29T10:00', '2028-03-31T10:00'])
	})

	test('a first date that does not fit the rule: the first occurrence is the next one that does', () => {
		const rule = parseRRule('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE')
		expect(utcToPragueLocal(firstOccurrence(rule, prague('2027-05-13T09:30'))!)).toBe(
			'2027-09-08T09:30',
		)
		// An impossible rule ends instead of looping for ever.
		expect(
			firstOccurrence(
				parseRRule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'),
				prague('2027-01-01T09:00'),
			),
		).toBeNull()
	})

	test('occurrencesUntil takes those before a horizon', () => {
		const rule = parseRRule('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE')
		const start = prague('2027-05-12T09:30')
		expect(local(occurrencesUntil(rule, start, prague('2028-05-01T00:00')))).toEqual([
			'2027-05-12T09:30',
			'2027-09-08T09:30',
			'2027-11-10T09:30',
		])
		expect(
			local(
				occurrencesUntil(rule, start, prague('2029-01-01T00:00'), {
					from: prague('2028-01-01T00:00'),
				}),
			),
		).toEqual(['2028-05-10T09:30', '2028-09-13T09:30', '2028-11-08T09:30'])
	})
})

describe('describeRecurrence', () => {
	test('Czech sentences a convenor recognises', () => {
		const d = (rule: string, start: string) => describeRecurrence(parseRRule(rule), prague(start))
		expect(d('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE', '2027-05-12T09:30')).toBe(
			'třikrát ročně: 2. středa v květnu, září a listopadu v 9:30',
		)
		expect(d('FREQ=MONTHLY;BYDAY=-1FR;COUNT=6', '2027-01-29T14:00')).toBe(
			'každý měsíc: poslední pátek v 14:00, celkem 6 setkání',
		)
		expect(d('FREQ=MONTHLY;INTERVAL=2', '2027-01-15T09:00')).toBe(
			'každé 2 měsíce: 15. den v měsíci v 9:00',
		)
		expect(d('FREQ=WEEKLY;INTERVAL=5;UNTIL=20271231', '2027-03-17T08:00')).toBe(
			'každých 5 týdnů: ve středu v 8:00, nejpozději 31. 12. 2027',
		)
		expect(d('FREQ=YEARLY', '2027-05-12T09:30')).toBe('každý rok: 12. května v 9:30')
	})

	test('English for English-speaking users', () => {
		expect(
			describeRecurrence(
				parseRRule('FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE'),
				prague('2027-05-12T09:30'),
				'en',
			),
		).toBe('3 times a year: the 2nd Wednesday in May, September and November at 9:30')
	})
})

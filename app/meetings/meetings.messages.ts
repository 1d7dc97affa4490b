import { defineMessages } from '#app/i18n/define.ts'

// Meetings of a group (the minimal model the live minutes need).
export const meetingsMessages = defineMessages({
	cs: {
		'meetings.title': 'Setkání',
		'meetings.new': 'Nové setkání',
		'meetings.new.title': 'Nové setkání',
		'meetings.new.intro': 'Setkání skupiny {group}. Zápis z něj můžete psát společně s ostatními.',
		'meetings.new.submit': 'Založit setkání',
		'meetings.name': 'Název setkání',
		'meetings.name.hint': 'Např. „Platforma KMB Kolín – březnové setkání“.',
		'meetings.startsAt': 'Začátek',
		'meetings.startsAt.hint': 'Datum a čas podle českého času, např. 24. 3. 2026 9:30.',
		'meetings.startsAt.invalid': 'Zadejte datum a čas začátku, např. 24. 3. 2026 9:30.',
		'meetings.place': 'Místo',
		'meetings.place.hint':
			'Např. „MěÚ Kolín, zasedací místnost ve 2. patře“ nebo „online (Teams)“.',
		'meetings.place.none': 'Neuvedeno',
		'meetings.group': 'Skupina',
		'meetings.backToGroup': 'Zpět na skupinu {name}',
		'meetings.list.caption': 'Setkání skupiny',
		'meetings.list.empty': 'Skupina zatím nemá žádné setkání.',
		'notice.meetingCreated': 'Setkání bylo založeno. Zápis můžete začít psát hned.',
	},
	en: {
		'meetings.title': 'Meetings',
		'meetings.new': 'New meeting',
		'meetings.new.title': 'New meeting',
		'meetings.new.intro':
			'A meeting of {group}. You can write its minutes together with the others.',
		'meetings.new.submit': 'Create meeting',
		'meetings.name': 'Meeting title',
		'meetings.name.hint': 'E.g. “Kolín housing platform – March meeting”.',
		'meetings.startsAt': 'Starts',
		'meetings.startsAt.hint': 'Date and time in Czech time, e.g. 24 March 2026 9:30.',
		'meetings.startsAt.invalid': 'Enter the start date and time, e.g. 24 March 2026 9:30.',
		'meetings.place': 'Place',
		'meetings.place.hint': 'E.g. “Kolín town hall, meeting room, 2nd floor” or “online (Teams)”.',
		'meetings.place.none': 'Not given',
		'meetings.group': 'Group',
		'meetings.backToGroup': 'Back to the group {name}',
		'meetings.list.caption': 'Meetings of the group',
		'meetings.list.empty': 'The group has no meetings yet.',
		'notice.meetingCreated': 'The meeting was created. You can start writing its minutes now.',
	},
})

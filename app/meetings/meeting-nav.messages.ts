import { defineMessages } from '#app/i18n/define.ts'

export const meetingNavMessages = defineMessages({
	cs: {
		'meetingNav.label': 'Části setkání',
		'meetingNav.minutes': 'Přehled a zápis',
		'meetingNav.agenda': 'Program',
		'meetingNav.poll': 'Výběr termínu',
		'meetingNav.participants': 'Účastníci',
		'meetingNav.decisions': 'Usnesení a úkoly',
	},
	en: {
		'meetingNav.label': 'Parts of the meeting',
		'meetingNav.minutes': 'Overview and minutes',
		'meetingNav.agenda': 'Agenda',
		'meetingNav.poll': 'Date poll',
		'meetingNav.participants': 'Participants',
		'meetingNav.decisions': 'Decisions and tasks',
	},
})

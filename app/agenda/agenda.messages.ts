import { defineMessages } from '#app/i18n/define.ts'

export const agendaMessages = defineMessages({
	cs: {},
	en: {},
})

import { defineMessages } from '#app/i18n/define.ts'

export const pollsMessages = defineMessages({
	cs: {},
	en: {},
})

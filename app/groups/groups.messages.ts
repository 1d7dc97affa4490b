import { defineMessages } from '#app/i18n/define.ts'

export const groupsMessages = defineMessages({
	cs: {},
	en: {},
})

import { defineMessages } from '#app/i18n/define.ts'

export const territoryMessages = defineMessages({
	cs: {},
	en: {},
})

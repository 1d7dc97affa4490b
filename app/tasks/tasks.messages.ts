import { defineMessages } from '#app/i18n/define.ts'

export const tasksMessages = defineMessages({
	cs: {},
	en: {},
})

import { useOutletContext } from '@remix-run/react'
import type { MinutesSession } from './minutes-session.ts'

/** What the meeting page hands to its nested version-history routes. */
export type MinutesOutletContext = {
	meetingId: string
	canWrite: boolean
	/** The open live minutes (null until the editor has loaded in the browser). */
	session: MinutesSession | null
}

export function useMinutesContext() {
	return useOutletContext<MinutesOutletContext>()
}

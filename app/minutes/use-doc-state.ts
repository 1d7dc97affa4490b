import { useEffect, useState, useSyncExternalStore } from 'react'
import type { DocumentHandle } from '#app/realtime/provider.ts'
import { type DocState, type DocStatus, docStatus, initialDocState } from '#app/realtime/status.ts'

/** The live state of an open document (re-renders on every change). */
export function useDocState(handle: DocumentHandle | null | undefined): DocState {
	return useSyncExternalStore(
		(listener) => handle?.subscribe(listener) ?? (() => {}),
		() => handle?.getState() ?? initialDocState,
		() => initialDocState,
	)
}

/** A quick save (under this long) does not flash "Ukládám…" at screen-reader users. */
const SAVING_DELAY_MS = 400

/** The status as shown: "saving" only once a save takes noticeably long. */
export function useShownStatus(state: DocState): DocStatus {
	const status = docStatus(state)
	const [shown, setShown] = useState(status)
	useEffect(() => {
		if (status !== 'saving') {
			setShown(status)
			return
		}
		const timer = setTimeout(() => setShown('saving'), SAVING_DELAY_MS)
		return () => clearTimeout(timer)
	}, [status])
	return shown
}

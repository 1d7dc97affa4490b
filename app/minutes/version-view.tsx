import { useFetcher } from '@remix-run/react'
import { useEffect, useMemo, useRef, useState } from 'react'
import * as Y from 'yjs'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { docStatus } from '#app/realtime/status.ts'
import { base64ToBytes } from './base64.ts'
import { AUTHORS_MAP, docFromState, restoreVersion } from './minutes-doc.ts'
import type { MinutesSession } from './minutes-session.ts'
import { SnapshotView } from './snapshot-view.tsx'
import { useDocState } from './use-doc-state.ts'

type Rendering = {
	doc: Y.Doc
	pud: Y.PermanentUserData
	snapshot?: Y.Snapshot
	prevSnapshot?: Y.Snapshot
}

/**
 * The comparison document: the version's state first (its snapshot is "before"), then the
 * live document's (its snapshot is "after"). Loading the version first keeps text deleted since
 * even when the server's copy no longer has its content.
 */
function compareRendering(versionState: Uint8Array, live: Y.Doc): Rendering {
	const doc = docFromState(versionState)
	const prevSnapshot = Y.snapshot(doc)
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(live))
	return { doc, pud: new Y.PermanentUserData(doc), snapshot: Y.snapshot(doc), prevSnapshot }
}

/** A version, read-only, or the current minutes compared with it; and "Obnovit tuto verzi". */
export default function VersionView({
	state,
	mode,
	label,
	session,
	canWrite,
}: {
	state: string
	mode: 'show' | 'compare'
	label: string
	session: MinutesSession | null
	canWrite: boolean
}) {
	const { t } = useTranslation()
	const versionState = useMemo(() => base64ToBytes(state), [state])
	const docState = useDocState(session?.handle)
	const [rendering, setRendering] = useState<Rendering | null>(null)
	const ready = session !== null && docState.synced

	useEffect(() => {
		if (mode === 'show') {
			const doc = docFromState(versionState)
			setRendering({ doc, pud: new Y.PermanentUserData(doc) })
			return () => doc.destroy()
		}
		if (!session || !ready) {
			setRendering(null)
			return
		}
		const next = compareRendering(versionState, session.doc)
		setRendering(next)
		return () => next.doc.destroy()
	}, [mode, versionState, session, ready])

	const names = rendering?.doc.getMap<string>(AUTHORS_MAP)
	const authorName = (userId: string | null) =>
		(userId ? names?.get(userId) : undefined) ?? t('minutes.authors.unknown')

	return (
		<div className="stack">
			{mode === 'compare' ? (
				<p className="compare-legend">{t('minutes.version.compare.legend')}</p>
			) : null}
			{rendering ? (
				<SnapshotView
					key={`${mode}-${rendering.doc.guid}`}
					doc={rendering.doc}
					pud={rendering.pud}
					snapshot={rendering.snapshot}
					prevSnapshot={rendering.prevSnapshot}
					colourBy="change"
					authorName={authorName}
					label={
						mode === 'compare'
							? t('minutes.version.compareLabel', { name: label })
							: t('minutes.version.viewLabel', { name: label })
					}
					className={`minutes-editor minutes-editor--${mode}`}
				/>
			) : (
				<p className="muted">{t('minutes.version.waitForSync')}</p>
			)}
			{canWrite && session ? (
				<RestoreVersion session={session} versionState={versionState} />
			) : null}
		</div>
	)
}

type Step = 'idle' | 'confirm' | 'preparing' | 'restoring' | 'recording' | 'failed'

/**
 * Restore in three steps: the server keeps the current text as a version, the browser replaces
 * the live content with the version's (one new change), and once that change is stored the
 * server records "Obnoveno z verze …" and the page returns to the minutes.
 */
function RestoreVersion({
	session,
	versionState,
}: {
	session: MinutesSession
	versionState: Uint8Array
}) {
	const { t } = useTranslation()
	const fetcher = useFetcher<{ prepared?: boolean }>()
	const [step, setStep] = useState<Step>('idle')
	const status = docStatus(useDocState(session.handle))
	const online = status === 'saved' || status === 'synced'

	// The fetcher goes busy and back to idle for each step; act once it has answered.
	const sawBusy = useRef(false)
	useEffect(() => {
		if (step !== 'preparing' && step !== 'recording') return
		if (fetcher.state !== 'idle') {
			sawBusy.current = true
			return
		}
		if (!sawBusy.current) return
		sawBusy.current = false
		// "restored" redirects to the minutes; still being here means it did not go through.
		if (step === 'recording' || !fetcher.data?.prepared) {
			setStep('failed')
			return
		}
		setStep('restoring')
		restoreVersion(session.doc, versionState)
		session.handle.whenSaved().then(
			() => {
				setStep('recording')
				fetcher.submit({ intent: 'restored' }, { method: 'post' })
			},
			() => setStep('failed'),
		)
	}, [step, fetcher, session, versionState])

	const busy = step === 'preparing' || step === 'restoring' || step === 'recording'
	return (
		<div className="restore stack">
			{step === 'confirm' ? (
				<div className="restore__confirm stack" role="group" aria-labelledby="restore-question">
					<p id="restore-question">{t('minutes.version.restore.confirm')}</p>
					<div className="actions">
						<button
							type="button"
							className="button"
							disabled={!online}
							onClick={() => {
								setStep('preparing')
								fetcher.submit({ intent: 'beforeRestore' }, { method: 'post' })
							}}
						>
							{t('minutes.version.restore.yes')}
						</button>
						<button
							type="button"
							className="button button--secondary"
							onClick={() => setStep('idle')}
						>
							{t('minutes.version.restore.no')}
						</button>
					</div>
				</div>
			) : (
				<div className="actions">
					<button
						type="button"
						className="button button--secondary"
						disabled={!online || busy}
						onClick={() => setStep('confirm')}
					>
						{t('minutes.version.restore')}
					</button>
				</div>
			)}
			<p aria-live="polite" className="restore__status">
				{busy ? t('minutes.version.restore.working') : null}
				{step === 'failed' ? t('minutes.version.restore.failed') : null}
				{!online && !busy ? t('minutes.version.restore.needOnline') : null}
			</p>
		</div>
	)
}

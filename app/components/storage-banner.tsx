import { useTranslation } from '#app/i18n/use-translation.ts'
import { STORAGE_PROBLEM_KEYS, type StorageProblem } from '#app/utils/storage.ts'

/** On every page while the server cannot store anything (the root loader says so). */
export function StorageBanner({ problem }: { problem: StorageProblem | null }) {
	const { t } = useTranslation()
	if (!problem) return null
	return (
		<div className="form-errors" role="alert" data-storage-problem={problem}>
			<p>{t(STORAGE_PROBLEM_KEYS[problem])}</p>
		</div>
	)
}

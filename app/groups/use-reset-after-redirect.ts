import { useActionData, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * Empties a conform form once its submission succeeded with a redirect back to the same page.
 * Remix keeps the page mounted, so the typed values would otherwise stay and invite a second,
 * accidental submission. A submission that comes back with action data (errors) is left alone.
 */
export function useResetAfterRedirect(
	form: { reset: () => void },
	isThisForm: (formData: FormData) => boolean,
) {
	const navigation = useNavigation()
	const actionData = useActionData()
	const submitted = useRef(false)
	const check = useRef(isThisForm)
	check.current = isThisForm
	useEffect(() => {
		if (navigation.state === 'submitting' && navigation.formData) {
			submitted.current = check.current(navigation.formData)
		} else if (navigation.state === 'idle' && submitted.current) {
			submitted.current = false
			if (actionData === undefined) form.reset()
		}
	}, [navigation.state, navigation.formData, actionData, form])
}

import { Form, NavLink, useLocation, useSearchParams } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { useOptionalUser } from '#app/utils/user.ts'
import { Notice } from './notice.tsx'

/**
 * Page frame: skip link, banner with navigation, main landmark, footer. On a phone the
 * navigation and tools fold behind a "Nabídka" button, so the header is one line; without
 * JavaScript (before the page is interactive) they stay visible.
 */
export function AppShell({ children }: { children: React.ReactNode }) {
	const { t, locale } = useTranslation()
	const user = useOptionalUser()
	const location = useLocation()
	const [interactive, setInteractive] = useState(false)
	const [menuOpen, setMenuOpen] = useState(false)
	useEffect(() => setInteractive(true), [])
	// Following a link (or submitting the search) folds the menu again.
	useEffect(() => setMenuOpen(false), [location.pathname, location.search])
	const [searchParams] = useSearchParams()
	const notice = searchParams.get('notice')
	const links = user
		? [
				{ to: '/', label: t('nav.home'), end: true },
				{ to: '/groups', label: t('nav.groups') },
				{ to: '/tasks', label: t('tasks.nav') },
				{ to: '/organisations', label: t('nav.organisations') },
				{ to: '/territory', label: t('nav.territory') },
				...(user.isAdmin ? [{ to: '/admin', label: t('nav.admin') }] : []),
			]
		: []
	const otherLocale = locale === 'cs' ? 'en' : 'cs'
	return (
		<>
			<a className="skip-link" href="#main">
				{t('nav.skip')}
			</a>
			<header className="site-header">
				<div className="site-header__inner">
					<div className="site-header__bar">
						<NavLink to="/" className="brand">
							{t('app.name')}
						</NavLink>
						{interactive ? (
							<button
								type="button"
								className="button button--quiet menu-toggle"
								aria-expanded={menuOpen}
								aria-controls="site-menu"
								onClick={() => setMenuOpen((open) => !open)}
							>
								{t('nav.menu')}
							</button>
						) : null}
					</div>
					<div
						id="site-menu"
						className="site-menu"
						data-folded={interactive && !menuOpen ? '' : undefined}
					>
						{links.length > 0 ? (
							<nav aria-label={t('nav.label')} className="site-nav">
								<ul>
									{links.map((link) => (
										<li key={link.to}>
											<NavLink to={link.to} end={link.end}>
												{link.label}
											</NavLink>
										</li>
									))}
								</ul>
							</nav>
						) : null}
						<div className="site-header__tools">
							{user ? (
								<Form
									method="get"
									action="/search"
									className="inline-form header-search"
									role="search"
								>
									<label htmlFor="header-search-q" className="visually-hidden">
										{t('search.header.label')}
									</label>
									<input id="header-search-q" type="search" name="q" maxLength={200} />
									<button type="submit" className="button button--quiet">
										{t('search.header.submit')}
									</button>
								</Form>
							) : null}
							<Form method="post" action="/language" className="inline-form">
								<input type="hidden" name="locale" value={otherLocale} />
								<input
									type="hidden"
									name="redirectTo"
									value={`${location.pathname}${location.search}`}
								/>
								<button type="submit" className="button button--quiet" lang={otherLocale}>
									{t(`language.${otherLocale}`)}
								</button>
							</Form>
							{user ? (
								<>
									<NavLink to="/account" className="user-link">
										{user.name}
									</NavLink>
									<Form method="post" action="/logout" className="inline-form">
										<button type="submit" className="button button--quiet">
											{t('nav.logout')}
										</button>
									</Form>
								</>
							) : null}
						</div>
					</div>
				</div>
			</header>
			<main id="main" tabIndex={-1} className="site-main">
				{notice ? <Notice messageKey={notice} /> : null}
				{children}
			</main>
			<footer className="site-footer">
				<p>
					{t('app.name')} – {t('app.tagline')}
				</p>
				<p className="muted">{t('footer.territorySource')}</p>
			</footer>
		</>
	)
}

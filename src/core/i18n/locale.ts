/** The locales every word is written in (the roster's `settings.locale`, §2). The i18n tables import it from here. */
export type Locale = 'zh-CN' | 'en';

import { createHash } from 'node:crypto';
import type { Category } from '../../articles/index.js';
import { escapeHtml, problemList } from './layout.js';

export interface SubscribeFormOptions {
  /** What the visitor sent last time, kept when the form comes back with problems. */
  values?: { email?: string; categories?: readonly string[]; frequency?: string };
  problems?: readonly string[];
  /** Where the form posts: `/subscribe` by default. */
  action?: string;
  /**
   * The address and the button on one line, the choices (categories, how often, time zone)
   * folded under them: for the home page and the end of an article.
   */
  compact?: boolean;
  /** The site's zone, named where the form offers it. */
  siteZone?: string;
}

/**
 * The subscribe form as an HTML fragment, for the home page and `GET /subscribe`: an address,
 * categories as checkboxes (none ticked: every category) and a frequency. Works without scripts.
 */
export function subscribeForm(
  categories: readonly Category[],
  options: SubscribeFormOptions = {},
): string {
  const values = options.values ?? {};
  const problems = options.problems ?? [];
  const described = problems.length > 0 ? ' aria-describedby="problems"' : '';
  const email = `<label for="subscribe-email">Email address</label>
<input type="email" id="subscribe-email" name="email" required autocomplete="email" maxlength="254" placeholder="you@example.com" value="${escapeHtml(values.email ?? '')}"${described}>`;
  const choices = `${categoryFieldset(categories, values.categories ?? [])}
${frequencyFieldset(values.frequency)}
${timezoneField('auto', options.siteZone)}
<input type="hidden" name="timezone_detected" value="">
<script>${TIMEZONE_SCRIPT}</script>`;
  const hint =
    '<p class="hint">Free. We send one email to confirm the address, nothing else until you confirm, and every digest has a one-click unsubscribe.</p>';
  const action = escapeHtml(options.action ?? '/subscribe');
  if (options.compact) {
    return `<form class="subscribe" method="post" action="${action}">
${problemList(problems)}
<div class="signup"><div class="field">${email}</div><button type="submit">Subscribe</button></div>
<details class="options"><summary>Choose categories and how often</summary>
${choices}
</details>
${hint}
</form>`;
  }
  return `<form class="subscribe" method="post" action="${action}">
${problemList(problems)}
${email}
${choices}
<button type="submit">Subscribe</button>
${hint}
</form>`;
}

/** Checkboxes for the categories; shared by the subscribe form and the preferences page. */
export function categoryFieldset(
  categories: readonly Category[],
  chosen: readonly string[],
): string {
  if (categories.length === 0) return '';
  const boxes = categories
    .map((category) => {
      const id = `category-${escapeHtml(category.slug)}`;
      const checked = chosen.includes(category.slug) ? ' checked' : '';
      return `<label for="${id}"><input type="checkbox" id="${id}" name="categories" value="${escapeHtml(category.slug)}"${checked}> ${escapeHtml(category.name)}</label>`;
    })
    .join('\n');
  return `<fieldset>
<legend>Categories</legend>
<p class="hint">Tick none to receive every category, including new ones.</p>
${boxes}
</fieldset>`;
}

/** Radio buttons for daily or weekly; daily unless `chosen` says otherwise. */
export function frequencyFieldset(chosen: string | undefined): string {
  const option = (value: string, label: string) => {
    const checked = (chosen ?? 'daily') === value ? ' checked' : '';
    return `<label for="frequency-${value}"><input type="radio" id="frequency-${value}" name="frequency" value="${value}"${checked}> ${label}</label>`;
  };
  return `<fieldset>
<legend>How often</legend>
${option('daily', 'Daily digest')}
${option('weekly', 'Weekly digest')}
</fieldset>`;
}

/**
 * Fills the hidden field before it with the browser's zone: digests then arrive at the cron time
 * of the reader's own clock. Without scripts the `<select>` does the same.
 */
export const TIMEZONE_SCRIPT =
  'document.currentScript.previousElementSibling.value=Intl.DateTimeFormat().resolvedOptions().timeZone';
/** For the pages' Content-Security-Policy: this script, and no other, may run. */
export const TIMEZONE_SCRIPT_CSP = `'sha256-${createHash('sha256').update(TIMEZONE_SCRIPT).digest('base64')}'`;

let zoneOptions: string | undefined;

/**
 * A `<select>` of every IANA zone. `auto` (the subscribe form): the browser's zone, or the site's;
 * empty (preferences): the site's zone (`siteZone`, named when given); otherwise that zone is
 * selected.
 */
export function timezoneField(chosen: string | null, siteZone?: string): string {
  zoneOptions ??= Intl.supportedValuesOf('timeZone')
    .map(
      (zone) =>
        `<option value="${escapeHtml(zone)}">${escapeHtml(zone.replace(/_/g, ' '))}</option>`,
    )
    .join('');
  const first =
    chosen === 'auto'
      ? '<option value="auto" selected>Automatic (your device\'s time zone)</option>'
      : `<option value=""${chosen ? '' : ' selected'}>The site's time zone${siteZone ? ` (${escapeHtml(siteZone.replace(/_/g, ' '))})` : ''}</option>`;
  const value = chosen && chosen !== 'auto' ? `value="${escapeHtml(chosen)}"` : undefined;
  // A valid zone the list leaves out (`UTC`, `Asia/Kolkata` on some ICU versions) is shown on
  // its own: else the form would come back with the site's zone and lose the reader's.
  const options = !value
    ? zoneOptions
    : zoneOptions.includes(`${value}>`)
      ? zoneOptions.replace(`${value}>`, `${value} selected>`)
      : `<option ${value} selected>${escapeHtml((chosen ?? '').replace(/_/g, ' '))}</option>${zoneOptions}`;
  return `<label for="subscribe-timezone">Deliver at the digest time in</label>
<select id="subscribe-timezone" name="timezone">${first}${options}</select>`;
}

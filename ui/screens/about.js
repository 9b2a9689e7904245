// About Cofrestr: the version, build date and licence, where the data lives, this
// installation's id and role (when unlocked), and the generated licences of every crate and
// font shipped. Reachable from the navigation and from the unlock and first-run pages.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox } from '../widgets.js';

function row(labelId, value, id) {
  return [h('dt', {}, t(labelId)), h('dd', { id }, value)];
}

/** The first three distinct names a licence covers, for its summary line. */
function summaryNames(usedBy) {
  const distinct = [...new Set(usedBy.map((c) => c.name))];
  return distinct.slice(0, 3).join(', ') + (distinct.length > 3 ? ', …' : '');
}

function licenceList(id, headingText, licences) {
  return h('section', { class: 'panel wide', 'aria-labelledby': id },
    h('h2', { id }, headingText),
    h('ul', { class: 'licences', id: `${id}-list` }, licences.map((l, i) => {
      const names = l.used_by.map((c) => (c.version ? `${c.name} ${c.version}` : c.name));
      return h('li', {},
        h('details', {},
          // The first few names in the summary tell one Apache-2.0 text from the next.
          h('summary', {}, `${l.name} (${l.id}): ${summaryNames(l.used_by)} · `, t('ui-about-components', { count: names.length })),
          h('p', { class: 'used-by' }, names.join(', ')),
          h('pre', { class: 'licence-text', lang: 'en', tabindex: '0', 'aria-label': `${l.name}: ${t('ui-about-licence')}`, id: `${id}-${i}` }, l.text)));
    })));
}

/** Fills `main` with the About screen; `back` (on the locked pages) returns to where it was. */
export async function showAbout(main, { back } = {}) {
  document.title = `${t('ui-about-cofrestr')} · Cofrestr`;
  replace(main, h('h1', {}, t('ui-about-cofrestr')), h('p', {}, t('ui-loading')));
  let about;
  let notices;
  try {
    [about, notices] = await Promise.all([api.about(), api.licences()]);
  } catch (err) {
    replace(main, h('h1', {}, t('ui-about-cofrestr')), errorBox(err));
    return;
  }
  const facts = h('dl', { class: 'about', id: 'about-facts' },
    row('ui-about-version', about.version, 'about-version'),
    row('ui-about-built', h('time', { datetime: about.build_date }, about.build_date_long), 'about-built'),
    row('ui-about-platform', about.platform, 'about-platform'),
    row('ui-about-licence', about.licence, 'about-licence'),
    row('ui-about-database', about.database, 'about-database'),
    row('ui-about-backups', about.backups, 'about-backups'),
    row('ui-about-data-folder', about.data_folder, 'about-data-folder'),
    row('ui-about-prefs', about.prefs, 'about-prefs'),
    about.installation
      ? [row('ui-about-installation', about.installation, 'about-installation'), row('ui-about-role', about.role_label, 'about-role')]
      : []);
  replace(main,
    back ? h('p', {}, h('button', { type: 'button', class: 'link', id: 'about-back', onclick: back }, t('ui-about-back'))) : null,
    h('h1', {}, t('ui-about-cofrestr')),
    h('section', { class: 'panel wide', 'aria-labelledby': 'about-this' },
      h('h2', { id: 'about-this' }, `Cofrestr ${about.version}`),
      facts,
      about.installation ? null : h('p', { id: 'about-locked' }, t('ui-about-locked')),
      h('p', {}, t('ui-about-licence-text'))),
    h('p', { class: 'intro' }, t('ui-about-third-party-intro')),
    licenceList('about-crates', t('ui-about-crates', { count: new Set(notices.licences.flatMap((l) => l.used_by.map((c) => c.name))).size }), notices.licences),
    licenceList('about-fonts', t('ui-about-fonts'), notices.fonts));
  main.focus();
}

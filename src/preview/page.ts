import { createHash } from 'node:crypto';
import { htmlText as escapeHtml } from '../util/escape.js';

/**
 * The preview page: the printed pages as images, in spreads, updated in place over server-sent events.
 *
 * Why images of the printed PDF and not the book's HTML: Chromium paginates only when it prints. On
 * screen the same HTML is one long column with no pages, no running heads, no folios, no blank recto
 * pages and no TOC numbers, and a second pagination engine (Paged.js) would lay the text out differently
 * from the print. The images are rendered from the very PDF `paiban build` would write, so what the
 * preview shows is what prints, line breaks and all.
 *
 * No third-party code: one small inline script of ours (EventSource, swap the changed images), allowed
 * by its hash in the Content-Security-Policy; nothing else may run or load from anywhere but this server.
 * The printed book stays script-free: this page only shows pictures of it.
 */

const STYLE = `
:root { --zoom: 1; color-scheme: light dark; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, "Noto Sans SC", sans-serif; background: #5b5f66; color: #eee; }
header { position: sticky; top: 0; z-index: 2; display: flex; gap: 1em; align-items: center; padding: .4em 1em; background: #2b2d31; }
header h1 { font-size: 1em; margin: 0; font-weight: 600; }
header .status { flex: 1; color: #bbb; font-variant-numeric: tabular-nums; }
body.building header .status::before { content: "⟳ rebuilding… "; color: #ffd479; }
header button { font: inherit; min-width: 2em; }
#error { position: sticky; top: 2.4em; z-index: 2; margin: 0; padding: .8em 1.2em; background: #b3261e; color: #fff; box-shadow: 0 2px 8px #0006; }
#error .place { font-family: ui-monospace, monospace; font-weight: 600; }
#error .hint { margin-top: .3em; opacity: .9; }
#error pre:empty, #error div:empty { display: none; }
#error pre { white-space: pre-wrap; font-size: 12px; max-height: 12em; overflow: auto; }
#error .note { margin-top: .3em; font-size: 12px; opacity: .8; }
#warnings { margin: .5em 1em; background: #3a3320; color: #f5e6b8; padding: .3em .8em; }
#warnings pre { white-space: pre-wrap; margin: 0; }
main { display: flex; flex-direction: column; align-items: safe center; gap: 1.5em; padding: 1.5em 0 4em; }
.spread { display: grid; grid-template-columns: 1fr 1fr; }
.rtl .spread { direction: rtl; }
.slot { display: flex; flex-direction: column; align-items: center; }
.sheet { position: relative; margin: 0; background: #fff; box-shadow: 0 1px 6px #0008; transition: outline-color 1.5s; outline: 3px solid transparent; }
.sheet img { display: block; width: calc(var(--w) * var(--zoom)); height: calc(var(--h) * var(--zoom)); }
.sheet.changed { outline-color: #ffd479; transition: none; }
.folio { color: #ddd; font-size: 12px; padding-top: .3em; }
.empty { visibility: hidden; }
.waiting { color: #ddd; padding: 4em; }
/* With the comments beside them, the pages scroll in their own pane, both ways, so a spread wider than the pane is never hidden under the list. */
header { height: 2.8em; }
body.with-comments main { position: fixed; top: 2.8em; left: 0; right: 24rem; bottom: 0; overflow: auto; }
body.with-comments #warnings { position: relative; z-index: 2; }
#comments { position: fixed; z-index: 1; right: 0; top: 2.8em; bottom: 0; width: 24rem; overflow: auto; background: #202226; color: #ddd; font-size: 13px; border-left: 1px solid #000; }
#comments h2 { font-size: 1em; margin: 0; padding: .6em .8em; position: sticky; top: 0; background: #202226; border-bottom: 1px solid #333; }
#comments .problem { margin: .5em .8em; color: #ffb4ab; }
#comments .problem:empty { display: none; }
#comments ol { list-style: none; margin: 0; padding: 0; }
.comment { padding: .5em .8em; border-bottom: 1px solid #333; border-left: 4px solid var(--c); cursor: pointer; }
.comment:hover, .comment.active { background: #2e3138; }
.comment:focus-visible { outline: 2px solid var(--c); outline-offset: -2px; }
.comment .head { display: flex; gap: .5em; align-items: baseline; }
.comment .n { font-weight: 700; color: var(--c); }
.comment .type { font-weight: 600; }
.comment .state { color: var(--c); }
.comment .page { margin-left: auto; color: #999; font-variant-numeric: tabular-nums; }
.comment .who, .comment .place, .comment .note { color: #999; font-size: 12px; }
.comment .place { font-family: ui-monospace, monospace; word-break: break-all; }
.comment .text { white-space: pre-wrap; color: #fff; }
.comment .marked, .comment .fix { color: #ccc; }
.comment .replies { margin: .2em 0 0 1em; padding: 0; list-style: none; color: #ccc; }
.status-applied { --c: #5cb85c; }
.status-mechanical { --c: #4ea3ff; }
.status-refused { --c: #ff6b5e; }
.status-by-hand { --c: #ffb020; }
.status-unplaced { --c: #b07cff; }
.marks { position: absolute; inset: 0; pointer-events: none; }
.mark { position: absolute; background: color-mix(in srgb, var(--c) 28%, transparent); outline: 1px solid var(--c); cursor: pointer; pointer-events: auto; }
.mark.point { background: var(--c); }
.mark.active { outline: 3px solid var(--c); background: color-mix(in srgb, var(--c) 45%, transparent); }
.mark .badge { position: absolute; top: -1.3em; left: -.2em; font: 700 10px/1.3 system-ui, sans-serif; color: #fff; background: var(--c); padding: 0 .3em; border-radius: .6em; }
`;

const SCRIPT = `
const main = document.querySelector('main');
const status = document.querySelector('.status');
const banner = document.getElementById('error');
const warnings = document.getElementById('warnings');
let zoom = Number(localStorage.getItem('paiban-preview-zoom')) || 1;
const setZoom = (z) => { zoom = Math.min(3, Math.max(0.3, z)); document.documentElement.style.setProperty('--zoom', String(zoom)); localStorage.setItem('paiban-preview-zoom', String(zoom)); };
setZoom(zoom);
document.getElementById('smaller').onclick = () => setZoom(zoom / 1.2);
document.getElementById('larger').onclick = () => setZoom(zoom * 1.2);
let layoutKey = '';
let latest = 0;
const sheets = new Map();
const preload = (url) => new Promise((resolve) => { const img = new Image(); img.onload = img.onerror = () => resolve(); img.src = url; });

function sheet(page) {
  const slot = document.createElement('div');
  slot.className = 'slot';
  if (!page) { slot.classList.add('empty'); return slot; }
  const figure = document.createElement('figure');
  figure.className = 'sheet';
  figure.dataset.page = String(page.page);
  figure.id = 'page-' + page.page;
  const img = document.createElement('img');
  img.alt = 'page ' + page.page;
  figure.append(img);
  const folio = document.createElement('div');
  folio.className = 'folio';
  folio.textContent = String(page.page);
  slot.append(figure, folio);
  sheets.set(page.page, figure);
  return slot;
}

function layout(state) {
  const key = state.pages.length + ':' + state.writing;
  if (key === layoutKey) return;
  layoutKey = key;
  sheets.clear();
  main.replaceChildren();
  main.classList.toggle('rtl', state.writing === 'vertical');
  // Page 1 is a recto and stands alone (on the right; on the left in a right-to-left vertical book), then 2–3, 4–5, …
  const pages = [null, ...state.pages];
  if (pages.length % 2) pages.push(null);
  for (let i = 0; i < pages.length; i += 2) {
    const spread = document.createElement('div');
    spread.className = 'spread';
    spread.append(sheet(pages[i]), sheet(pages[i + 1]));
    main.append(spread);
  }
}

async function show(state) {
  document.body.classList.toggle('building', state.building);
  if (state.building) return;
  // Fetch the new images first, so the swap below shows them at once.
  await Promise.all(state.pages.filter((p) => sheets.get(p.page)?.querySelector('img').getAttribute('src') !== p.url).map((p) => preload(p.url)));
  if (state.build !== latest) return;
  document.title = state.title + ' — paiban preview';
  document.querySelector('h1').textContent = state.title;
  if (state.pages.length) layout(state);
  else if (state.error && main.querySelector('.waiting')) main.querySelector('.waiting').textContent = 'Nothing to show until the book builds.';
  const swapped = [];
  for (const p of state.pages) {
    const figure = sheets.get(p.page);
    const img = figure.querySelector('img');
    figure.style.setProperty('--w', (p.width / state.dpi * 25.4).toFixed(2) + 'mm');
    figure.style.setProperty('--h', (p.height / state.dpi * 25.4).toFixed(2) + 'mm');
    if (img.getAttribute('src') === p.url) continue;
    img.src = p.url;
    swapped.push(img.decode().catch(() => undefined));
    if (state.changed.includes(p.page) && state.build > 1) {
      figure.classList.add('changed');
      setTimeout(() => figure.classList.remove('changed'), 50);
    }
  }
  await Promise.all(swapped);
  if (state.build !== latest) return;
  banner.hidden = !state.error;
  if (state.error) {
    banner.querySelector('.message').textContent = state.error.message;
    banner.querySelector('.place').textContent = state.error.place ? state.error.place + ': ' : '';
    banner.querySelector('.hint').textContent = state.error.hint ? 'hint: ' + state.error.hint : '';
    banner.querySelector('pre').textContent = state.error.stack || '';
    banner.querySelector('.note').textContent = state.pages.length ? 'The pages below are from the last good build.' : 'Nothing was built yet.';
  }
  warnings.hidden = !state.warnings;
  warnings.querySelector('pre').textContent = state.warnings || '';
  const t = state.timings;
  const shownAfter = t && t.trigger ? (Date.now() - t.trigger) / 1000 : undefined;
  const parts = ['build ' + state.build, state.pages.length + ' pages'];
  if (!state.error && t) {
    parts.push(state.changed.length === state.pages.length ? 'all pages new' : state.changed.length ? 'changed p. ' + state.changed.join(', ') : 'no page changed');
    parts.push(shownAfter !== undefined ? 'shown ' + shownAfter.toFixed(2) + ' s after the save' : 'built in ' + t.build.toFixed(2) + ' s');
    parts.push('(build ' + t.build.toFixed(2) + ' s, pages ' + t.pages.toFixed(2) + ' s)');
  }
  if (state.error) parts.push('failed');
  status.textContent = parts.join(' · ');
  lastState = state;
  drawComments(state);
  document.body.dataset.comments = String((state.comments || []).length);
  if (shownAfter !== undefined && !state.error) document.body.dataset.shownMs = String(Math.round(shownAfter * 1000));
  document.body.dataset.build = String(state.build);
}

const commentsPanel = document.getElementById('comments');
const STATUS = { applied: 'applied', mechanical: 'mechanical fix, not applied yet', refused: 'not applied', 'by hand': 'for the editor', unplaced: 'could not be placed' };
const LOCATED = { changed: 'the manuscript reads differently here now', 'text only': 'found by its text only; the text around it changed', 'not found': 'not on the current pages' };
const element = (tag, className, text) => { const e = document.createElement(tag); if (className) e.className = className; if (text !== undefined) e.textContent = text; return e; };
const statusClass = (c) => 'status-' + String(c.status).replace(/[^a-z]+/g, '-');
let activeComment = '';

function activate(id, scroll) {
  activeComment = id;
  for (const e of document.querySelectorAll('.mark, .comment')) e.classList.toggle('active', e.dataset.id === id);
  if (!scroll) return;
  const comment = (lastState?.comments || []).find((c) => c.id === id);
  const figure = comment && comment.page ? sheets.get(comment.page) : undefined;
  if (figure) figure.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function drawComments(state) {
  const comments = state.comments || [];
  const shown = comments.length > 0 || Boolean(state.commentsError);
  document.body.classList.toggle('with-comments', shown);
  commentsPanel.hidden = !shown;
  for (const layer of document.querySelectorAll('.marks')) layer.remove();
  commentsPanel.querySelector('.problem').textContent = state.commentsError || '';
  const unplaced = comments.filter((c) => !c.boxes.length).length;
  commentsPanel.querySelector('h2').textContent = comments.length + ' comments' + (state.commentsFrom && state.commentsFrom.length ? ' from ' + state.commentsFrom.join(', ') : '') + (unplaced ? ' · ' + unplaced + ' not on the pages' : '');
  const list = commentsPanel.querySelector('ol');
  list.replaceChildren();
  comments.forEach((c, index) => {
    const n = String(index + 1);
    const item = element('li', 'comment ' + statusClass(c));
    item.dataset.id = c.id;
    const head = element('div', 'head');
    head.append(element('span', 'n', n), element('span', 'type', c.type), element('span', 'state', STATUS[c.status] || c.status), element('span', 'page', c.page ? 'p. ' + c.page : ''));
    item.append(head);
    item.append(element('div', 'who', [c.author, c.date].filter(Boolean).join(' · ')));
    if (c.text) item.append(element('div', 'text', c.text));
    if (c.marked) item.append(element('div', 'marked', 'marked: “' + c.marked + '”'));
    if (c.fix) item.append(element('div', 'fix', c.fix + (c.reason ? ' — ' + c.reason : '')));
    else if (c.reason) item.append(element('div', 'fix', c.reason));
    if (c.place) item.append(element('div', 'place', c.place));
    if (c.replies.length) {
      const replies = element('ul', 'replies');
      for (const r of c.replies) replies.append(element('li', '', '↳ ' + [r.author, r.date].filter(Boolean).join(' · ') + ': ' + r.text));
      item.append(replies);
    }
    const where = 'marked PDF ' + c.from + ', p. ' + c.markedPage + (c.markedLine ? ', line ' + c.markedLine : '');
    item.append(element('div', 'note', (c.located && LOCATED[c.located] ? LOCATED[c.located] + ' · ' : '') + where));
    item.tabIndex = 0;
    item.onclick = () => activate(c.id, true);
    item.onkeydown = (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); activate(c.id, true); } };
    list.append(item);
    c.boxes.forEach((box, boxIndex) => {
      const figure = sheets.get(box.page);
      if (!figure) return;
      let layer = figure.querySelector('.marks');
      if (!layer) { layer = element('div', 'marks'); figure.append(layer); }
      const mark = element('div', 'mark ' + statusClass(c) + (c.point ? ' point' : ''));
      mark.dataset.id = c.id;
      mark.title = n + '. ' + c.type + (c.author ? ' — ' + c.author : '') + (c.text ? ': ' + c.text : '');
      mark.style.left = box.x + '%';
      mark.style.top = box.y + '%';
      mark.style.width = box.w + '%';
      mark.style.height = box.h + '%';
      if (boxIndex === 0) mark.append(element('span', 'badge', n));
      mark.onclick = () => { activate(c.id, false); commentsPanel.querySelector('.comment.active')?.scrollIntoView({ block: 'nearest' }); };
      layer.append(mark);
    });
  });
  if (activeComment) activate(activeComment, false);
}

let lastState;
let queue = Promise.resolve();
const events = new EventSource('/events');
events.addEventListener('state', (event) => {
  const state = JSON.parse(event.data);
  latest = state.build;
  queue = queue.then(() => show(state));
});
events.addEventListener('error', () => { status.textContent = 'disconnected from paiban preview: is it still running?'; });
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The Content-Security-Policy of the preview page: our inline style and script, images and events from this server, nothing else. */
export const PREVIEW_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function previewPage(title: string): string {
  return `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — paiban preview</title>
<style>${STYLE}</style>
</head>
<body data-build="0">
<header><h1>${escapeHtml(title)}</h1><span class="status">building…</span><button id="smaller" title="smaller" aria-label="smaller">−</button><button id="larger" title="larger" aria-label="larger">+</button></header>
<div id="error" role="alert" hidden><div><span class="place"></span><span class="message"></span></div><div class="hint"></div><div class="note"></div><pre></pre></div>
<details id="warnings" hidden><summary>manuscript check report</summary><pre></pre></details>
<main><p class="waiting">Building the book…</p></main>
<aside id="comments" hidden><h2></h2><p class="problem"></p><ol></ol></aside>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export { escapeHtml };

import { launchChromium } from '../dist/pdf/chromium.js';
const b = await launchChromium();
const ctx = await b.newContext({ javaScriptEnabled: false });
const p = await ctx.newPage();
await p.goto('file://' + process.cwd() + '/.scratch/img/i.html', { waitUntil: 'load' });
console.log(await p.evaluate(() => Array.from(document.images).map((i) => [i.getAttribute('src'), i.complete, i.naturalWidth, i.naturalHeight])));
await b.close();

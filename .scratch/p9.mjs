import { markdownParser } from '../dist/manuscript/parse.js';
const pats = { ruby: ':ruby[字]{rt="zì"}', emph: '*着重*', stara: '*a', bracket: 'a]', tilde: '~a', fn: '[^a]', blank: '姓名____ ', links: '[a](b)', under: '_a', text: '中文字' };
const [k, n] = [process.argv[2], Number(process.argv[3])];
const src = '---\ntitle: t\n---\n\n' + pats[k].repeat(n) + '\n';
markdownParser.parse('---\ntitle: t\n---\n\n' + pats[k].repeat(200));
let best = Infinity; for (let r = 0; r < 2; r++) { const t = performance.now(); markdownParser.parse(src); best = Math.min(best, performance.now() - t); }
console.log(k.padEnd(8), String(n).padStart(6), (best/1000).toFixed(2));
